namespace PluginRuntime.Host.Mqtt;

/// <summary>
/// One status change waiting for a target's publisher loop (value null = key deleted). A null
/// <see cref="ModuleId"/> only wakes the loop to look at its resync request.
/// </summary>
internal readonly record struct PumpItem(string? ModuleId, string Key, byte[]? Value, long UnixMilliseconds)
{
    public static readonly PumpItem Wake = new(null, "", null, 0);
}
