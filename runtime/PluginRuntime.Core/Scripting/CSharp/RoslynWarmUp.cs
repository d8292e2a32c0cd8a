using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace PluginRuntime.Core.Scripting.CSharp;

/// <summary>
/// Compiles a throwaway driver once per process on a background task, so the first real script (and the first
/// reload) doesn't pay for loading Roslyn, JIT-compiling it and reading the reference assemblies' metadata. Startup
/// doesn't wait for it; a script that loads meanwhile simply compiles alongside.
/// </summary>
internal static partial class RoslynWarmUp
{
    private const string Source = """
        using PluginRuntime.Sdk;

        [Driver("Warm-up", DefaultModuleName = "WarmUp")]
        public sealed class WarmUpDriver : Driver
        {
            public async Task<int> Twice(int value)
            {
                await Task.Yield();
                return new[] { value, value }.Sum();
            }

            protected override Task OnLoadAsync(CancellationToken cancellationToken)
            {
                SetStatus("ready", true);
                return Task.CompletedTask;
            }
        }
        """;

    private static readonly object s_gate = new();
    private static Task? s_warming;

    /// <summary>Starts the warm-up the first time; returns it (it never fails) for whoever wants to wait, e.g. a benchmark.</summary>
    public static Task StartOnce(ILogger log)
    {
        lock (s_gate)
        {
            return s_warming ??= Task.Run(() => Warm(log));
        }
    }

    private static void Warm(ILogger log)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var references = BaseReferences.Current;
            var result = CSharpScriptCompiler.Compile("PluginRuntime.ScriptWarmUp", [new ScriptSourceFile("warm-up.cs", Source)],
                references.References, CancellationToken.None);
            if (result.Build is null)
            {
                LogWarmUpFailed(log, string.Join("; ", result.Errors), null);
                return;
            }
            LogWarmed(log, clock.ElapsedMilliseconds, references.Origin);
        }
        catch (Exception ex)
        {
            LogWarmUpFailed(log, ex.Message, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "C# script compiler warmed up in {Milliseconds} ms, compiling against the {Origin}")]
    private static partial void LogWarmed(ILogger log, long milliseconds, string origin);

    [LoggerMessage(Level = LogLevel.Warning, Message = "C# script compiler warm-up failed: {Reason}. Scripts compile when loaded and will report the same problem.")]
    private static partial void LogWarmUpFailed(ILogger log, string reason, Exception? exception);
}
