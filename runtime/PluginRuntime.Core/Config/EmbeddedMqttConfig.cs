namespace PluginRuntime.Core.Config;

/// <summary>The in-process broker the runtime publishes state into (<c>mqtt: { embedded: ... }</c>).</summary>
/// <param name="Port">TCP port; 0 lets the OS choose (tests). <see cref="DefaultPort"/> when not written.</param>
/// <param name="Address">IP address the TCP listener binds; loopback by default, like the HTTP faces.</param>
/// <param name="WebSocket">Serve MQTT over websocket at <c>/api/mqtt/</c> on the HTTP port as well.</param>
/// <param name="Filters">Privacy filter names applied to what this broker receives; null means every declared filter.</param>
internal sealed record EmbeddedMqttConfig(bool Enabled, int Port, string Address, bool WebSocket, IReadOnlyList<string>? Filters)
{
    /// <summary>The IANA MQTT port, so off-the-shelf clients find the demo without flags.</summary>
    public const int DefaultPort = 1883;

    public const string DefaultAddress = "127.0.0.1";

    public static readonly EmbeddedMqttConfig Default = new(true, DefaultPort, DefaultAddress, true, null);
}
