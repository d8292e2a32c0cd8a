namespace PluginRuntime.Core.Tests.Scripting.CSharp;

/// <summary>Driver scripts the tests write to disk; line numbers matter to some tests, so edit with care.</summary>
internal static class Scripts
{
    /// <summary>A .cs driver: reports its version, counts in status.</summary>
    public static string Counter(string version) => $$"""
        using PluginRuntime.Sdk;

        namespace Scripts;

        [Driver("Counter", DefaultModuleName = "Counter")]
        public sealed class Counter : Driver
        {
            public string Version() => "{{version}}";

            public int Increment()
            {
                int next = GetStatus<int>("count") + 1;
                SetStatus("count", next);
                return next;
            }

            protected override Task OnLoadAsync(CancellationToken cancellationToken)
            {
                SetStatus("version", "{{version}}");
                return Task.CompletedTask;
            }
        }
        """;

    /// <summary>A .csx driver that #loads helpers/format.csx and calls into an #r'ed assembly.</summary>
    public static string Greeter(string libraryPath) => $$"""
        #r "{{libraryPath}}"
        #load "helpers/format.csx"
        using PluginRuntime.Sdk;

        [Driver("Greeter", DefaultModuleName = "Greeter")]
        public sealed class Greeter : Driver
        {
            public string Greet(string name) => Format.Shout(TestDrivers.ScriptLibrary.Greetings.Greet(name));
        }
        """;

    /// <summary>The #load'ed half of <see cref="Greeter"/>, with a directive line of its own to blank.</summary>
    public static string Format(string suffix = "!") => $$"""
        #!/usr/bin/env dotnet-script
        public static class Format
        {
            public static string Shout(string text) => text.ToUpperInvariant() + "{{suffix}}";
        }
        """;

    /// <summary>
    /// Throws from line 13 (after two blanked directive lines) and returns the stack trace: it must name that line.
    /// </summary>
    public static string Thrower(string libraryPath) => $$"""
        #r "{{libraryPath}}"
        #load "helpers/format.csx"
        using PluginRuntime.Sdk;

        public sealed class Thrower : Driver
        {
            public string Where()
            {
                try { Fail(); return "no exception"; }
                catch (InvalidOperationException ex) { return ex.ToString(); }
            }

            private static void Fail() => throw new InvalidOperationException("thrown by the script");
        }
        """;

    public const int ThrowerLine = 13;

    /// <summary>Subscribes to a process-wide event and never lets go: its code cannot unload.</summary>
    public const string Leaky = """
        using PluginRuntime.Sdk;

        public sealed class Leaky : Driver
        {
            public string Ping() => "pong";

            protected override Task OnLoadAsync(CancellationToken cancellationToken)
            {
                AppDomain.CurrentDomain.ProcessExit += (_, _) => Ping();
                return Task.CompletedTask;
            }
        }
        """;
}
