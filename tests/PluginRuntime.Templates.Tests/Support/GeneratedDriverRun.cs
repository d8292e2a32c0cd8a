using System.Text.Json;
using Microsoft.Extensions.Logging;
using PluginRuntime.Core.Tests.Support;

namespace PluginRuntime.Templates.Tests.Support;

/// <summary>Loads a generated config folder into a real engine and drives the generated driver's example method.</summary>
internal static class GeneratedDriverRun
{
    /// <summary>
    /// Applies <paramref name="configFolder"/> as it was generated, then execs <c>set_level(42)</c> on the driver's
    /// module in <c>sys-dev</c> and checks its answer and its <c>level</c> status. Failures carry the engine's warnings.
    /// </summary>
    public static async Task SetLevelAnswersAsync(EngineFixture engine, string configFolder, string className)
    {
        var loaded = await engine.Engine.LoadAndApplyAsync(configFolder).WithTimeout("the generated config to load");
        Assert.True(loaded.Succeeded, "the generated config should be valid:\n" + string.Join("\n", loaded.Errors));

        var result = await engine.ExecAsync("sys-dev", className + "_1", "set_level", "[42]").WithTimeout("set_level");

        string warnings = string.Join("\n", engine.Logs.Messages(LogLevel.Warning));
        Assert.True(result.IsSuccess, $"set_level should succeed but gave {result.Status}: {result.Error}\nThe engine logged:\n{warnings}");
        Assert.Equal(42, JsonSerializer.Deserialize<int>(result.Json!));
        Assert.Equal("42", engine.Status("mod-dev-1", "level"));
    }
}
