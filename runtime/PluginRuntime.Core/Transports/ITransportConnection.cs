namespace PluginRuntime.Core.Transports;

/// <summary>One open connection of a stream transport; a reconnect makes a new one.</summary>
internal interface ITransportConnection : IAsyncDisposable
{
    ValueTask<ConnectionRead> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken);

    /// <summary>Never called concurrently with itself or <see cref="CloseAsync"/>: the transport serialises sends.</summary>
    ValueTask SendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    /// <summary>
    /// Starts a polite close. Returns true when the peer is expected to answer by closing its side (so the receive
    /// loop ends by itself and is worth waiting for), false when there is no such handshake.
    /// </summary>
    ValueTask<bool> CloseAsync(CancellationToken cancellationToken);
}
