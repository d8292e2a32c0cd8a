using PluginRuntime.Sdk;

namespace DriverNamespace;

/// <summary>
/// A driver as a script: the runtime compiles this file itself (no project, no build step) and, with `watch: true`,
/// swaps running modules to each saved edit. One method and one status to grow from; the SDK guide
/// (docs/writing-drivers.md in the PluginRuntime repository) shows the rest.
/// </summary>
[Driver("DriverProjectName", DefaultModuleName = "DriverClassName", Description = "Describe what this driver controls.")]
[DefaultSettings("""{"max_level": 100}""")]
public sealed class DriverClassName : Driver
{
    /// <summary>Sets the level and reports it in the <c>level</c> status. Callers exec it as <c>set_level</c>.</summary>
    public int SetLevel(int level)
    {
        int max = SettingOrDefault("max_level", 100);
        if (level < 0 || level > max)
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, $"The level must be between 0 and {max}.");
        }
        SetStatus("level", level);
        return level;
    }
}
