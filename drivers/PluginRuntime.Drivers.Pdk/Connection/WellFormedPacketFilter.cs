using System.Reactive.Linq;
using System.Text.Json;
using SocketIOClient.Transport;

namespace PluginRuntime.Drivers.Pdk.Connection;

/// <summary>
/// Sits between SocketIOClient and its websocket and drops Socket.IO event packets whose JSON does not parse,
/// reporting each. SocketIOClient 3.0.6 would otherwise throw inside its receive pipeline and silently stop
/// delivering anything on the connection (no error, no disconnect), which the driver could not detect.
/// </summary>
internal sealed class WellFormedPacketFilter : IClientWebSocket, IDisposable
{
    private readonly SystemNetWebSocketsClientWebSocket _inner;

    public WellFormedPacketFilter(int eio, Action<string> onMalformed)
    {
        _inner = new SystemNetWebSocketsClientWebSocket(eio);
        TextObservable = _inner.TextObservable.Where(text =>
        {
            if (Problem(text) is not { } problem)
            {
                return true;
            }
            onMalformed(problem);
            return false;
        });
    }

    public IObservable<string> TextObservable { get; }

    public IObservable<byte[]> BytesObservable => _inner.BytesObservable;

    public Task ConnectAsync(Uri uri, CancellationToken cancellationToken) => _inner.ConnectAsync(uri, cancellationToken);

    public Task DisconnectAsync(CancellationToken cancellationToken) => _inner.DisconnectAsync(cancellationToken);

    public Task SendAsync(byte[] bytes, TransportMessageType type, bool endOfMessage, CancellationToken cancellationToken) =>
        _inner.SendAsync(bytes, type, endOfMessage, cancellationToken);

    public void AddHeader(string key, string val) => _inner.AddHeader(key, val);

    public void Dispose() => _inner.Dispose();

    /// <summary>
    /// Why an Engine.IO message carrying a Socket.IO event or ack (<c>42…</c>, <c>43…</c>: type digits, an optional
    /// <c>/namespace,</c>, an optional ack id, then a JSON array) is malformed; null when it is fine or not such a packet.
    /// </summary>
    internal static string? Problem(string text)
    {
        if (text.Length < 2 || text[0] != '4' || text[1] is not ('2' or '3'))
        {
            return null;
        }
        int i = 2;
        if (i < text.Length && text[i] == '/')
        {
            int comma = text.IndexOf(',', i);
            i = comma < 0 ? text.Length : comma + 1;
        }
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }
        var json = text.AsSpan(i);
        try
        {
            var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(json.ToArray()), new JsonReaderOptions { MaxDepth = 64 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            {
                return $"a Socket.IO event packet whose data is not a JSON array: {Shorten(text)}";
            }
            reader.Skip();
            reader.Read(); // trailing data after the array throws here
            return null;
        }
        catch (JsonException ex)
        {
            return $"a Socket.IO event packet with malformed JSON ({ex.Message}): {Shorten(text)}";
        }
    }

    private static string Shorten(string text) => text.Length > 120 ? text[..117] + "..." : text;
}
