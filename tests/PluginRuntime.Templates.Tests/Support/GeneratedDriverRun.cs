using System.Text.Json;
using Microsoft.Extensions.Logging;
using PluginRuntime.Core.Tests.Support;

namespace PluginRuntime.Templates.Tests.Support;

/// <summary>Loads a generated config folder into a real engine and drives the generated driver's example method.</summary>
internal static class GeneratedDriverRun
{
    private static readonly TimeSpan LoadLimit = TimeSpan.FromSeconds(90);

    /// <summary>
    /// Applies <paramref name="configFolder"/> as it was generated, then execs <c>set_level(42)</c> on the driver's
    /// module in <c>sys-dev</c> and checks its answer and its <c>level</c> status. Failures carry the engine's warnings.
    /// </summary>
    public static async Task SetLevelAnswersAsync(EngineFixture engine, string configFolder, string className)
    {
        // Longer than the usual bound: loading may be the run's first Roslyn compilation or Node.js start with the
        // TypeScript compiler, cold, on a busy CI machine (the Node loader alone allows 30 s to start).
        Core.Config.ConfigLoadResult loaded;
        try
        {
            loaded = await engine.Engine.LoadAndApplyAsync(configFolder).WaitAsync(LoadLimit);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Gave up after {LoadLimit.TotalSeconds} s waiting for {configFolder} to load.");
        }
        Assert.True(loaded.Succeeded, "the generated config should be valid:\n" + string.Join("\n", loaded.Errors));

        var result = await engine.ExecAsync("sys-dev", className + "_1", "set_level", "[42]").WithTimeout("set_level");

        string warnings = string.Join("\n", engine.Logs.Messages(LogLevel.Warning));
        Assert.True(result.IsSuccess, $"set_level should succeed but gave {result.Status}: {result.Error}\nThe engine logged:\n{warnings}");
        Assert.Equal(42, JsonSerializer.Deserialize<int>(result.Json!));
        Assert.Equal("42", engine.Status("mod-dev-1", "level"));
    }
}
