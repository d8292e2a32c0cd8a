namespace PluginRuntime.Drivers.Pdk;

/// <summary>The driver's settings, read and checked once per load or settings change.</summary>
internal sealed record PanelSettings(
    Uri PanelUrl,
    string? Token,
    Uri? TokenUrl,
    string? TokenAuthorization,
    string? SpecPath,
    TimeSpan CommandTimeout,
    TimeSpan ConnectTimeout,
    TimeSpan ReconnectMin,
    TimeSpan ReconnectMax,
    int MaxMessageBytes);
