namespace PluginRuntime.Sdk;

/// <summary>A driver asked for a required setting that no level of the settings merge provides.</summary>
public sealed class SettingMissingException(string moduleId, string key)
    : InvalidOperationException(
        $"Module '{moduleId}' needs setting '{key}', but it is not set. Add '{key}' to the module's settings " +
        "(or to its system, one of its zones, or the driver's defaults).")
{
    /// <summary>The module that asked.</summary>
    public string ModuleId { get; } = moduleId;

    /// <summary>The missing key.</summary>
    public string Key { get; } = key;
}
