using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace PluginRuntime.Host.Tests.Support;

/// <summary>A real websocket client of the control endpoint; every receive is bounded and says what it waited for.</summary>
internal sealed class RealtimeClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly byte[] _buffer = new byte[16 * 1024];

    private RealtimeClient(ClientWebSocket socket) => _socket = socket;

    public ClientWebSocket Socket => _socket;

    public static async Task<RealtimeClient> ConnectAsync(Uri uri, string? apiKey)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        if (apiKey is not null)
        {
            socket.Options.SetRequestHeader("X-API-Key", apiKey);
        }
        await socket.ConnectAsync(uri, CancellationToken.None).WithTimeout("the websocket to connect");
        return new RealtimeClient(socket);
    }

    public Task SendAsync(string text) => SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text);

    public Task SendAsync(ReadOnlyMemory<byte> bytes, WebSocketMessageType type, bool endOfMessage = true) =>
        _socket.SendAsync(bytes, type, endOfMessage, CancellationToken.None).WithTimeout("a frame to be sent");

    /// <summary>The next whole message as text.</summary>
    public async Task<string> ReceiveTextAsync(string waitingFor)
    {
        using var message = new MemoryStream();
        while (true)
        {
            var result = await _socket.ReceiveAsync(_buffer.AsMemory(), CancellationToken.None).WithTimeout(waitingFor);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new InvalidOperationException(
                    $"The server closed the connection ({_socket.CloseStatus} {_socket.CloseStatusDescription}) while the test waited for {waitingFor}.");
            }
            message.Write(_buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
            }
        }
    }

    public async Task<JsonElement> ReceiveAsync(string waitingFor)
    {
        string text = await ReceiveTextAsync(waitingFor);
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    public async Task<JsonElement> RequestAsync(string json, string waitingFor)
    {
        await SendAsync(json);
        return await ReceiveAsync(waitingFor);
    }

    /// <summary>Closes politely: starts the handshake if still open, or answers the server's close.</summary>
    public async Task CloseAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None).WithTimeout("the close handshake");
        }
        else if (_socket.State == WebSocketState.CloseReceived)
        {
            // The server closed first: answer its close so it can finish without waiting out its close timeout.
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None).WithTimeout("the close answer");
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await CloseAsync();
        }
        catch (Exception ex) when (ex is WebSocketException or TimeoutException or InvalidOperationException)
        {
            // the test already failed or the server went first; dispose regardless
        }
        _socket.Dispose();
    }
}
