using System.Text.Json;

namespace PluginRuntime.Sdk;

public abstract partial class Driver
{
    /// <summary>
    /// Reads a required setting from the merged settings. Throws <see cref="SettingMissingException"/> naming the key
    /// and module when no level sets it, and <see cref="SettingInvalidException"/> when its JSON is not a
    /// <typeparamref name="T"/>.
    /// </summary>
    protected T Setting<T>(string key)
    {
        if (!TryReadSetting(key, out T? value) || value is null)
        {
            throw new SettingMissingException(ModuleId, key);
        }
        return value;
    }

    /// <summary>Reads an optional setting, or <paramref name="defaultValue"/> when no level sets it.</summary>
    protected T SettingOrDefault<T>(string key, T defaultValue) =>
        TryReadSetting(key, out T? value) && value is not null ? value : defaultValue;

    private bool TryReadSetting<T>(string key, out T? value)
    {
        var settings = Context.Settings;
        if (settings.ValueKind != JsonValueKind.Object ||
            !settings.TryGetProperty(key, out var element) ||
            element.ValueKind == JsonValueKind.Null)
        {
            value = default;
            return false;
        }
        try
        {
            value = element.Deserialize<T>(JsonOptions);
            return true;
        }
        catch (JsonException ex)
        {
            throw new SettingInvalidException(ModuleId, key, typeof(T), element.GetRawText(), ex);
        }
    }
}
