using System.Net.WebSockets;

namespace PluginRuntime.Core.Transports;

/// <summary>One WebSocket connection; message boundaries are reported so unframed modules get whole messages.</summary>
internal sealed class WebSocketConnection(ClientWebSocket socket, WebSocketMessageType sendAs, TimeProvider time) : ITransportConnection
{
    public async ValueTask<ConnectionRead> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var result = await socket.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
        return result.MessageType == WebSocketMessageType.Close
            ? ConnectionRead.PeerClosed
            : new ConnectionRead(result.Count, result.EndOfMessage, Closed: false);
    }

    public ValueTask SendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        socket.SendAsync(data, sendAs, endOfMessage: true, cancellationToken);

    public async ValueTask<bool> CloseAsync(CancellationToken cancellationToken)
    {
        if (socket.State != WebSocketState.Open)
        {
            return false;
        }
        // Output only: the pending receive sees the peer's close frame and ends the receive loop.
        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "closing", cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        if (socket.State == WebSocketState.CloseReceived)
        {
            // Answer the peer's close so it sees a clean shutdown; best effort, never waited on for long.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1), time);
            try
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "closing", timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
                // It is being dropped anyway.
            }
        }
        socket.Dispose();
    }
}
