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
        using var socket = await RawControlSocket.ConnectAsync(_host.HttpAddress, TestAuthenticator.Admin);
        byte[] payload = "abcd"u8.ToArray();

        await socket.SendAsync(0x9, payload);

        var pong = await socket.ReadFrameAsync("the pong frame");
        Assert.True(pong.Final);
        Assert.Equal(0xA, pong.Opcode);
        Assert.Equal(payload, pong.Payload);
    }
}
