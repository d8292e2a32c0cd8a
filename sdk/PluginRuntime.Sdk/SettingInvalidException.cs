namespace PluginRuntime.Sdk;

/// <summary>A setting exists but its JSON cannot be read as the type the driver asked for.</summary>
public sealed class SettingInvalidException(string moduleId, string key, Type expected, string actualJson, Exception? inner)
    : InvalidOperationException(
        $"Module '{moduleId}': setting '{key}' should be {JsonTypeNames.Describe(expected)}, but it is {actualJson}.",
        inner)
{
    /// <summary>The module that asked.</summary>
    public string ModuleId { get; } = moduleId;

    /// <summary>The setting's key.</summary>
    public string Key { get; } = key;
}
