using System.Text.Json.Nodes;

namespace PluginRuntime.Drivers.Pdk.Connection;

/// <summary>
/// The driver's view of the panel's Socket.IO connection: the seam that lets the driver's logic run in the SDK
/// harness against a fake panel, and against a real Socket.IO 2 server through <see cref="SocketIoPanelConnection"/>.
/// One instance serves successive connections; the driver reconnects by calling <see cref="ConnectAsync"/> again.
/// </summary>
public interface IPanelConnection : IAsyncDisposable
{
    /// <summary>
    /// Connects to <paramref name="panelUrl"/> with <paramref name="token"/> in the query, and from then on hands every
    /// event to <paramref name="listener"/> until the connection drops (reported once, by
    /// <see cref="IPanelListener.OnDisconnected"/>). Any previous connection is closed first.
    /// </summary>
    /// <exception cref="PanelConnectionException">The panel was unreachable or refused the token.</exception>
    Task ConnectAsync(Uri panelUrl, string token, IPanelListener listener, CancellationToken cancellationToken);

    /// <summary>Emits a Socket.IO event with one JSON argument.</summary>
    /// <exception cref="PanelConnectionException">Not connected.</exception>
    Task EmitAsync(string eventName, JsonNode payload, CancellationToken cancellationToken);

    /// <summary>Closes the connection, if any, without reporting <see cref="IPanelListener.OnDisconnected"/>.</summary>
    Task DisconnectAsync();
}
