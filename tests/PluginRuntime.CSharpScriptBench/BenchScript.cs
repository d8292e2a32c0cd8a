namespace PluginRuntime.CSharpScriptBench;

/// <summary>The small driver script measured: a method, a status write in OnLoadAsync, the SDK attribute.</summary>
internal static class BenchScript
{
    public static string Source(int version) => $$"""
        using PluginRuntime.Sdk;

        [Driver("Bench script", DefaultModuleName = "Bench")]
        public sealed class BenchScript : Driver
        {
            public string Version() => "v{{version}}";

            public int Add(int a, int b) => a + b;

            protected override Task OnLoadAsync(CancellationToken cancellationToken)
            {
                SetStatus("version", "v{{version}}");
                return Task.CompletedTask;
            }
        }
        """;
}
