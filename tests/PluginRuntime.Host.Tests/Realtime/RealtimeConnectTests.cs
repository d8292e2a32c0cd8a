using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using PluginRuntime.Host.Tests.Support;

namespace PluginRuntime.Host.Tests.Realtime;

/// <summary>The upgrade: credentials are checked before any upgrade, plain HTTP is refused, and pings are answered.</summary>
public sealed class RealtimeConnectTests : IAsyncLifetime
{
    private RealtimeTestHost _host = null!;

    public async Task InitializeAsync() => _host = await RealtimeTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    public async Task A_websocket_without_a_valid_credential_is_refused_with_401_and_no_upgrade(string? apiKey)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        if (apiKey is not null)
        {
            socket.Options.SetRequestHeader("X-API-Key", apiKey);
        }

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(_host.ControlUri, CancellationToken.None).WithTimeout("the refused connect"));
        Assert.Equal(HttpStatusCode.Unauthorized, socket.HttpStatusCode);
        Assert.Empty(_host.Connections.Live);
    }

    [Fact]
    public async Task A_plain_http_request_gets_400_with_a_message()
    {
        using var http = new HttpClient { BaseAddress = _host.HttpAddress };
        http.DefaultRequestHeaders.Add("X-API-Key", TestAuthenticator.Admin);

        var response = await http.GetAsync("/api/engine/v2/systems/control").WithTimeout("the plain GET");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("This is the real-time websocket: connect with a websocket upgrade", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_control_ping_frame_is_answered_with_a_pong_frame_carrying_the_same_payload()
    {
        // ClientWebSocket has no API to send a ping, so this speaks RFC 6455 directly over a TCP socket.
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(_host.HttpAddress.Host, _host.HttpAddress.Port).WithTimeout("the TCP connect");
        var stream = tcp.GetStream();
        string upgrade =
            $"GET /api/engine/v2/systems/control HTTP/1.1\r\nHost: {_host.HttpAddress.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nX-API-Key: test-admin\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(upgrade)).WithTimeout("the upgrade request to be sent");
        string head = await ReadHeadAsync(stream);
        Assert.StartsWith("HTTP/1.1 101", head);

        byte[] payload = "abcd"u8.ToArray();
        byte[] mask = [1, 2, 3, 4];
        byte[] ping = [0x89, (byte)(0x80 | payload.Length), .. mask, .. payload.Select((b, i) => (byte)(b ^ mask[i % 4]))];
        await stream.WriteAsync(ping).WithTimeout("the ping frame to be sent");

        byte[] pong = new byte[2 + payload.Length];
        await stream.ReadExactlyAsync(pong).WithTimeout("the pong frame");
        Assert.Equal(0x8A, pong[0]); // FIN + pong
        Assert.Equal(payload.Length, pong[1]); // unmasked, as a server's frames are
        Assert.Equal(payload, pong[2..]);
    }

    private static async Task<string> ReadHeadAsync(NetworkStream stream)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            await stream.ReadExactlyAsync(one).WithTimeout("the upgrade response");
            head.Append((char)one[0]);
        }
        return head.ToString();
    }
}
