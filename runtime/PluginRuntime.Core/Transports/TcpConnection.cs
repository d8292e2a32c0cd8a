using System.Net.Sockets;

namespace PluginRuntime.Core.Transports;

/// <summary>One TCP connection; every read counts as a message of its own.</summary>
internal sealed class TcpConnection(Socket socket) : ITransportConnection
{
    private readonly NetworkStream _stream = new(socket, ownsSocket: true);

    public async ValueTask<ConnectionRead> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var count = await _stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return count == 0 ? ConnectionRead.PeerClosed : new ConnectionRead(count, EndOfMessage: true, Closed: false);
    }

    public ValueTask SendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        _stream.WriteAsync(data, cancellationToken);

    // TCP has no close handshake worth waiting for: disposing sends FIN.
    public ValueTask<bool> CloseAsync(CancellationToken cancellationToken) => ValueTask.FromResult(false);

    public ValueTask DisposeAsync() => _stream.DisposeAsync();
}
