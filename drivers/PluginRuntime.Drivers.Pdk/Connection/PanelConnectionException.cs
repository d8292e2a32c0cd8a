namespace PluginRuntime.Drivers.Pdk.Connection;

/// <summary>The panel could not be reached, refused the token, or the connection is down.</summary>
public sealed class PanelConnectionException(string message, bool tokenRefused = false, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>True when the panel refused the token (so a new one should be obtained before trying again).</summary>
    public bool TokenRefused { get; } = tokenRefused;
}
