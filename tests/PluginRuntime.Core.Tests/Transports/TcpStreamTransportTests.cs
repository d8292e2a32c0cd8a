using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using PluginRuntime.Core.Transports;
using PluginRuntime.Sdk.Transports;

namespace PluginRuntime.Core.Tests.Transports;

public sealed class TcpStreamTransportTests : IAsyncDisposable
{
    /// <summary>Reconnects within milliseconds of real time, with exact delays.</summary>
    private static readonly ReconnectPolicy Quick = new()
    {
        InitialDelay = TimeSpan.FromMilliseconds(5),
        MaxDelay = TimeSpan.FromMilliseconds(20),
        Jitter = 0,
    };

    /// <summary>Never reconnects within a test, so the transport can be seen while it is down.</summary>
    private static readonly ReconnectPolicy Patient = Quick with { InitialDelay = TimeSpan.FromHours(1), MaxDelay = TimeSpan.FromHours(1) };

    private readonly TcpTestServer _server = new();
    private readonly TransportEvents _events = new();
    private readonly ListLogger _logger = new();
    private readonly List<TcpStreamTransport> _transports = [];

    public async ValueTask DisposeAsync()
    {
        foreach (var transport in _transports)
        {
            await transport.DisposeAsync().WithTimeout("a transport to dispose");
        }
        _server.Dispose();
    }

    private TcpStreamTransport Create(IFrameDecoder? framing = null, ReconnectPolicy? policy = null, int? port = null)
    {
        var transport = new TcpStreamTransport(
            "127.0.0.1", port ?? _server.Port, framing, _events.Callbacks, policy ?? Quick, TimeProvider.System, _logger);
        _transports.Add(transport);
        return transport;
    }

    private async Task<(TcpStreamTransport Transport, TcpTestServer.Peer Device)> ConnectAsync(
        IFrameDecoder? framing = null, ReconnectPolicy? policy = null)
    {
        var transport = Create(framing, policy);
        transport.Start();
        var device = await _server.AcceptAsync();
        await _events.ExpectAsync("connected");
        return (transport, device);
    }

    [Fact]
    public async Task It_connects_in_the_background_and_reports_it()
    {
        var transport = Create();
        Assert.False(transport.IsConnected);

        transport.Start();
        using var device = await _server.AcceptAsync();
        await _events.ExpectAsync("connected");

        Assert.True(transport.IsConnected);
        Assert.Contains(_logger.Entries, e => e.Level == LogLevel.Information && e.Message == $"Connected to tcp://127.0.0.1:{_server.Port}.");
    }

    [Fact]
    public async Task Frames_split_across_packets_are_delivered_whole_and_in_order()
    {
        var (_, device) = await ConnectAsync(new DelimiterFraming("\r\n"));

        await device.SendAsync("POWER=ON\r\nVOL");
        await _events.ExpectAsync("frame:POWER=ON");
        await device.SendAsync("UME=12\r\nINPUT=2\r\n");

        await _events.ExpectAsync("frame:VOLUME=12");
        await _events.ExpectAsync("frame:INPUT=2");
        device.Dispose();
    }

    [Fact]
    public async Task Without_framing_each_read_is_delivered_as_it_came()
    {
        var (_, device) = await ConnectAsync();

        await device.SendAsync("hello");
        await _events.ExpectAsync("frame:hello");
        await device.SendAsync("world");
        await _events.ExpectAsync("frame:world");

        Assert.Equal("hello"u8.ToArray(), _events.Frames[0].ToArray());
        device.Dispose();
    }

    [Fact]
    public async Task Sent_bytes_reach_the_device()
    {
        var (transport, device) = await ConnectAsync();

        await transport.SendAsync("PWR ON\r"u8.ToArray()).WithTimeout("the send");

        Assert.Equal("PWR ON\r", await device.ReceiveAsync(7));
        device.Dispose();
    }

    [Fact]
    public async Task When_the_device_drops_the_connection_it_reports_disconnected_and_reconnects()
    {
        var (transport, device) = await ConnectAsync();

        device.Dispose();
        await _events.ExpectAsync("disconnected");
        using var again = await _server.AcceptAsync("the transport to reconnect");
        await _events.ExpectAsync("connected");

        Assert.True(transport.IsConnected);
        await transport.SendAsync("X"u8.ToArray()).WithTimeout("a send on the new connection");
        Assert.Equal("X", await again.ReceiveAsync(1));
    }

    [Fact]
    public async Task Sending_before_it_has_connected_throws_naming_the_endpoint()
    {
        var transport = Create();

        var error = await Assert.ThrowsAsync<TransportNotConnectedException>(() => transport.SendAsync("X"u8.ToArray()).AsTask());

        Assert.Contains($"tcp://127.0.0.1:{_server.Port}", error.Message);
    }

    [Fact]
    public async Task Sending_while_waiting_to_reconnect_throws()
    {
        var (transport, device) = await ConnectAsync(policy: Patient);
        device.Dispose();
        await _events.ExpectAsync("disconnected");

        Assert.False(transport.IsConnected);
        await Assert.ThrowsAsync<TransportNotConnectedException>(() => transport.SendAsync("X"u8.ToArray()).AsTask());
    }

    [Fact]
    public async Task Disconnect_drops_the_connection_and_a_new_one_follows()
    {
        var (transport, device) = await ConnectAsync();

        transport.Disconnect();

        await device.WaitForCloseAsync();
        await _events.ExpectAsync("disconnected");
        using var again = await _server.AcceptAsync("the transport to reconnect after Disconnect()");
        await _events.ExpectAsync("connected");
        device.Dispose();
    }

    [Fact]
    public async Task Disconnect_from_inside_a_frame_handler_works()
    {
        var (transport, device) = await ConnectAsync(new DelimiterFraming("\n"));
        _events.OnFrame = text =>
        {
            if (text == "bye")
            {
                transport.Disconnect();
            }
            return Task.CompletedTask;
        };

        await device.SendAsync("bye\n");

        await _events.ExpectAsync("frame:bye");
        await _events.ExpectAsync("disconnected");
        using var again = await _server.AcceptAsync("the transport to reconnect");
        device.Dispose();
    }

    [Fact]
    public async Task Disposing_while_it_waits_to_reconnect_ends_promptly_and_it_never_reconnects()
    {
        var (transport, device) = await ConnectAsync(policy: Patient);
        device.Dispose();
        await _events.ExpectAsync("disconnected");

        await transport.DisposeAsync().WithTimeout("the transport to dispose during its backoff");

        Assert.False(_server.HasPendingConnection);
        Assert.True(_events.NothingMore);
        Assert.Throws<ObjectDisposedException>(transport.Start);
    }

    [Fact]
    public async Task Disposing_while_connected_closes_the_connection_and_reports_disconnected_once()
    {
        var (transport, device) = await ConnectAsync();

        await Task.WhenAll(transport.DisposeAsync().AsTask(), transport.DisposeAsync().AsTask()).WithTimeout("two concurrent disposals");

        await device.WaitForCloseAsync();
        await _events.ExpectAsync("disconnected");
        Assert.True(_events.NothingMore);
        Assert.False(_server.HasPendingConnection);
        await transport.DisposeAsync().WithTimeout("a third disposal");
        device.Dispose();
    }

    [Fact]
    public async Task A_frame_handler_that_throws_is_logged_and_the_next_frame_still_arrives()
    {
        var (_, device) = await ConnectAsync(new DelimiterFraming("\n"));
        _events.OnFrame = text => text == "bad" ? throw new InvalidOperationException("driver bug") : Task.CompletedTask;

        await device.SendAsync("bad\ngood\n");

        await _events.ExpectAsync("frame:bad");
        await _events.ExpectAsync("frame:good");
        var entry = Assert.Single(_logger.Entries, e => e.Level == LogLevel.Error);
        Assert.Equal($"The OnFrame handler for tcp://127.0.0.1:{_server.Port} threw; the transport carries on.", entry.Message);
        Assert.Equal("driver bug", entry.Exception?.Message);
        device.Dispose();
    }

    [Fact]
    public async Task A_framing_error_drops_the_connection_and_it_reconnects_to_a_clean_stream()
    {
        var (_, device) = await ConnectAsync(new LengthPrefixFraming(1) { MaxFrameLength = 4 });

        await device.SendAsync([9, 1, 2, 3]);

        await device.WaitForCloseAsync();
        await _events.ExpectAsync("disconnected");
        using var again = await _server.AcceptAsync("the transport to reconnect after the framing error");
        await _events.ExpectAsync("connected");
        await again.SendAsync([2, (byte)'o', (byte)'k']);
        await _events.ExpectAsync("frame:ok");
        Assert.Contains(_logger.Entries, e => e.Level == LogLevel.Error && e.Exception is InvalidDataException);
        device.Dispose();
    }

    [Fact]
    public async Task It_keeps_trying_while_the_device_is_unreachable_and_connects_once_it_listens()
    {
        // A port that was free a moment ago; nothing listens on it until the test says so.
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var transport = Create(port: port);
        transport.Start();

        await _logger.WaitForAsync(e => e.Level == LogLevel.Warning, 2, "two failed connection attempts");
        Assert.Contains(_logger.Entries, e => e.Message.StartsWith($"Could not connect to tcp://127.0.0.1:{port}", StringComparison.Ordinal));

        var device = new TcpListener(IPAddress.Loopback, port);
        device.Start();
        try
        {
            using var accepted = await device.AcceptSocketAsync().WithTimeout("the transport to connect once the device listens");
            await _events.ExpectAsync("connected");
        }
        finally
        {
            device.Stop();
        }
    }
}
