using System.Net.WebSockets;
using PluginRuntime.Core.Transports;
using PluginRuntime.Sdk.Transports;

namespace PluginRuntime.Core.Tests.Transports;

public sealed class WebSocketStreamTransportTests : IAsyncLifetime
{
    private static readonly ReconnectPolicy Quick = new()
    {
        InitialDelay = TimeSpan.FromMilliseconds(5),
        MaxDelay = TimeSpan.FromMilliseconds(20),
        Jitter = 0,
        // Generous, so a busy machine can't make disposal give up on a close the server does answer (2 s did, once).
        CloseTimeout = TimeSpan.FromSeconds(8),
    };

    private readonly TransportEvents _events = new();
    private readonly ListLogger _logger = new();
    private readonly List<WebSocketStreamTransport> _transports = [];
    private WebSocketTestServer _server = null!;

    public async Task InitializeAsync() => _server = await WebSocketTestServer.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var transport in _transports)
        {
            await transport.DisposeAsync().WithTimeout("a transport to dispose");
        }
        await _server.DisposeAsync();
    }

    private Uri DeviceUri => new(_server.BaseUri, "device?token=secret");

    private WebSocketStreamTransport Create(IFrameDecoder? framing = null, ReconnectPolicy? policy = null)
    {
        var transport = new WebSocketStreamTransport(DeviceUri, framing, _events.Callbacks, policy ?? Quick, TimeProvider.System, _logger);
        _transports.Add(transport);
        return transport;
    }

    private async Task<(WebSocketStreamTransport Transport, WebSocketTestServer.Peer Server)> ConnectAsync(
        IFrameDecoder? framing = null, ReconnectPolicy? policy = null)
    {
        var transport = Create(framing, policy);
        transport.Start();
        var server = await _server.AcceptAsync();
        await _events.ExpectAsync("connected");
        return (transport, server);
    }

    [Fact]
    public async Task It_connects_with_the_full_uri_but_logs_it_without_the_query()
    {
        var (transport, server) = await ConnectAsync();

        Assert.Equal("?token=secret", server.Query);
        Assert.True(transport.IsConnected);
        Assert.Equal($"ws://127.0.0.1:{_server.BaseUri.Port}/device", transport.Endpoint);
        Assert.DoesNotContain(_logger.Entries, e => e.Message.Contains("secret", StringComparison.Ordinal));
        server.End();
    }

    [Fact]
    public async Task Without_framing_each_message_is_one_frame_even_when_sent_in_fragments()
    {
        var (_, server) = await ConnectAsync();

        await server.SendTextAsync("{\"event\":", endOfMessage: false);
        await server.SendTextAsync("\"uplink\"}");
        await server.SendTextAsync("{\"event\":\"join\"}");

        await _events.ExpectAsync("frame:{\"event\":\"uplink\"}");
        await _events.ExpectAsync("frame:{\"event\":\"join\"}");
        server.End();
    }

    [Fact]
    public async Task With_framing_the_messages_are_one_byte_stream_cut_by_the_decoder()
    {
        var (_, server) = await ConnectAsync(new DelimiterFraming("\n"));

        await server.SendTextAsync("a\nb");
        await server.SendTextAsync("c\n");

        await _events.ExpectAsync("frame:a");
        await _events.ExpectAsync("frame:bc");
        server.End();
    }

    [Fact]
    public async Task Sent_bytes_arrive_as_one_text_message()
    {
        var (transport, server) = await ConnectAsync();

        await transport.SendAsync("{\"cmd\":\"ping\"}"u8.ToArray()).WithTimeout("the send");

        var (type, text, _) = await server.ReceiveAsync("the server to receive the message");
        Assert.Equal(WebSocketMessageType.Text, type);
        Assert.Equal("{\"cmd\":\"ping\"}", text);
        server.End();
    }

    [Fact]
    public async Task When_the_server_closes_it_reports_disconnected_and_reconnects()
    {
        var (transport, server) = await ConnectAsync();

        await server.CloseAsync();
        await _events.ExpectAsync("disconnected");
        var again = await _server.AcceptAsync("the transport to reconnect");
        await _events.ExpectAsync("connected");

        Assert.True(transport.IsConnected);
        again.End();
    }

    [Fact]
    public async Task When_the_server_vanishes_without_closing_it_reconnects()
    {
        var (_, server) = await ConnectAsync();

        server.Abort();
        await _events.ExpectAsync("disconnected");
        var again = await _server.AcceptAsync("the transport to reconnect");
        await _events.ExpectAsync("connected");
        again.End();
    }

    [Fact]
    public async Task Sending_while_down_throws_naming_the_endpoint_but_not_its_token()
    {
        var transport = Create();

        var error = await Assert.ThrowsAsync<TransportNotConnectedException>(() => transport.SendAsync("x"u8.ToArray()).AsTask());

        Assert.Contains($"ws://127.0.0.1:{_server.BaseUri.Port}/device", error.Message);
        Assert.DoesNotContain("secret", error.Message);
    }

    [Fact]
    public async Task Disconnect_drops_the_connection_and_a_new_one_follows()
    {
        var (transport, server) = await ConnectAsync();

        transport.Disconnect();

        await _events.ExpectAsync("disconnected");
        var again = await _server.AcceptAsync("the transport to reconnect after Disconnect()");
        await _events.ExpectAsync("connected");
        server.End();
        again.End();
    }

    [Fact]
    public async Task Disposing_closes_with_a_normal_close_and_stops_reconnecting()
    {
        var (transport, server) = await ConnectAsync();
        var closed = server.ReceiveAsync("the close frame");

        await transport.DisposeAsync().WithTimeout("the transport to dispose");

        var (type, _, status) = await closed;
        Assert.Equal(WebSocketMessageType.Close, type);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, status);
        await _events.ExpectAsync("disconnected");
        Assert.True(_events.NothingMore);
        Assert.False(transport.IsConnected);
        // The server answered the close, so disposal never had to give up waiting for it.
        Assert.DoesNotContain(_logger.Entries, e => e.Message.StartsWith("Closing the connection", StringComparison.Ordinal));
        server.End();
    }

    [Fact]
    public void Only_ws_and_wss_uris_are_accepted()
    {
        var error = Assert.Throws<ArgumentException>(() => new WebSocketStreamTransport(
            new Uri("http://127.0.0.1/"), null, _events.Callbacks, Quick, TimeProvider.System, _logger));

        Assert.Contains("ws:// or wss://", error.Message);
    }
}
