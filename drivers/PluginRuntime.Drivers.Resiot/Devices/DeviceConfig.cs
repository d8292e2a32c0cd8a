namespace PluginRuntime.Drivers.Resiot.Devices;

/// <summary>What the settings say about one device (all optional): a display name, its profile, its AppEui for downlinks.</summary>
internal sealed record DeviceConfig(string DevEui, string? Name, string? Profile, string? AppEui);
