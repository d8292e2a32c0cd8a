using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace PluginRuntime.Host.Tests.Support;

/// <summary>
/// The control endpoint spoken as RFC 6455 directly over TCP, for what <c>ClientWebSocket</c> can't do or hides:
/// sending control frames, and seeing every frame exactly as the server wrote it.
/// </summary>
internal sealed class RawControlSocket : IDisposable
{
    private static readonly byte[] Mask = [0x11, 0x22, 0x33, 0x44];
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private readonly SemaphoreSlim _sending = new(1, 1);

    private RawControlSocket(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    public static async Task<RawControlSocket> ConnectAsync(Uri http, string apiKey)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(http.Host, http.Port).WithTimeout("the TCP connect");
        var socket = new RawControlSocket(tcp);
        string upgrade =
            $"GET /api/engine/v2/systems/control HTTP/1.1\r\nHost: {http.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            $"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nX-API-Key: {apiKey}\r\n\r\n";
        await socket._stream.WriteAsync(Encoding.ASCII.GetBytes(upgrade)).WithTimeout("the upgrade request to be sent");
        string head = await socket.ReadHeadAsync();
        Assert.True(head.StartsWith("HTTP/1.1 101", StringComparison.Ordinal), $"expected 101 Switching Protocols, got: {head}");
        return socket;
    }

    /// <summary>Sends one whole frame, masked as a client's must be.</summary>
    public async Task SendAsync(byte opcode, byte[] payload)
    {
        var frame = new List<byte> { (byte)(0x80 | opcode) };
        if (payload.Length < 126)
        {
            frame.Add((byte)(0x80 | payload.Length));
        }
        else
        {
            frame.Add(0x80 | 126);
            frame.Add((byte)(payload.Length >> 8));
            frame.Add((byte)payload.Length);
        }
        frame.AddRange(Mask);
        frame.AddRange(payload.Select((b, i) => (byte)(b ^ Mask[i % 4])));
        await _sending.WaitAsync();
        try
        {
            await _stream.WriteAsync(frame.ToArray()).WithTimeout("a frame to be sent");
        }
        finally
        {
            _sending.Release();
        }
    }

    public Task SendTextAsync(string text) => SendAsync(0x1, Encoding.UTF8.GetBytes(text));

    /// <summary>Reads the next frame; a server's frames are never masked, which this checks.</summary>
    public async Task<(bool Final, byte Opcode, byte[] Payload)> ReadFrameAsync(string waitingFor)
    {
        byte[] head = new byte[2];
        await _stream.ReadExactlyAsync(head).WithTimeout(waitingFor);
        Assert.True((head[1] & 0x80) == 0, "a server frame must not be masked (RFC 6455 §5.1)");
        long length = head[1] & 0x7F;
        if (length == 126)
        {
            byte[] extended = new byte[2];
            await _stream.ReadExactlyAsync(extended).WithTimeout(waitingFor);
            length = BinaryPrimitives.ReadUInt16BigEndian(extended);
        }
        else if (length == 127)
        {
            byte[] extended = new byte[8];
            await _stream.ReadExactlyAsync(extended).WithTimeout(waitingFor);
            length = (long)BinaryPrimitives.ReadUInt64BigEndian(extended);
        }
        Assert.InRange(length, 0, 16 * 1024 * 1024);
        byte[] payload = new byte[length];
        await _stream.ReadExactlyAsync(payload).WithTimeout(waitingFor);
        return ((head[0] & 0x80) != 0, (byte)(head[0] & 0x0F), payload);
    }

    private async Task<string> ReadHeadAsync()
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            await _stream.ReadExactlyAsync(one).WithTimeout("the upgrade response");
            head.Append((char)one[0]);
        }
        return head.ToString();
    }

    public void Dispose() => _tcp.Dispose();
}
