namespace PluginRuntime.Sdk.Transports;

/// <summary>
/// A byte-stream connection to a device (TCP or WebSocket), provided by the host from the module's connection
/// settings. The host keeps it connected (reconnecting with backoff), frames what arrives with the driver's
/// <see cref="Driver.Framing"/> and hands each frame to <see cref="Driver.OnReceivedAsync"/>.
/// </summary>
public interface IStreamTransport
{
    /// <summary>True while the underlying connection is open.</summary>
    bool IsConnected { get; }

    /// <summary>Sends bytes as they are. Throws <see cref="TransportNotConnectedException"/> while disconnected.</summary>
    ValueTask SendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default);

    /// <summary>Drops the current connection; the host reconnects with its usual backoff.</summary>
    void Disconnect();
}
