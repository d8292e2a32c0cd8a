using System.Buffers;
using System.Net.WebSockets;
using System.Text;

namespace PluginRuntime.LoadTest;

/// <summary>A plain websocket client of the control API: send a text frame, receive whole messages into a reused buffer.</summary>
internal sealed class ControlClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private byte[] _buffer = new byte[64 * 1024];

    public static async Task<ControlClient> ConnectAsync(Uri uri, int clientNumber, CancellationToken cancellationToken)
    {
        var client = new ControlClient();
        client._socket.Options.SetRequestHeader("X-API-Key", LoadHost.ApiKey(clientNumber));
        await client._socket.ConnectAsync(uri, cancellationToken);
        return client;
    }

    public ValueTask SendAsync(string text, CancellationToken cancellationToken) =>
        SendAsync(Encoding.UTF8.GetBytes(text), cancellationToken);

    public ValueTask SendAsync(ReadOnlyMemory<byte> utf8, CancellationToken cancellationToken) =>
        _socket.SendAsync(utf8, WebSocketMessageType.Text, true, cancellationToken);

    /// <summary>The next whole message (valid until the next call).</summary>
    public async ValueTask<ReadOnlyMemory<byte>> ReceiveAsync(CancellationToken cancellationToken)
    {
        int length = 0;
        while (true)
        {
            if (length == _buffer.Length)
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }
            var result = await _socket.ReceiveAsync(_buffer.AsMemory(length), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new WebSocketException("The server closed the connection.");
            }
            length += result.Count;
            if (result.EndOfMessage)
            {
                return _buffer.AsMemory(0, length);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
        }
        _socket.Dispose();
    }
}
