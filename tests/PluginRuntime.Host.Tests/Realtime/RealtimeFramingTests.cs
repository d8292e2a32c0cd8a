using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using PluginRuntime.Host.Realtime;
using PluginRuntime.Host.Tests.Support;
using static PluginRuntime.Host.Tests.Support.Frames;

namespace PluginRuntime.Host.Tests.Realtime;

/// <summary>
/// The server frames its own messages and writes many per socket write, on the stream the framework's websocket also
/// writes pongs to: every frame must stay whole and readable by a standard client.
/// </summary>
public sealed class RealtimeFramingTests : IAsyncLifetime
{
    private RealtimeTestHost _host = null!;

    public async Task InitializeAsync() => _host = await RealtimeTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData(0)]
    [InlineData(125)] // the largest length in the first header byte
    [InlineData(126)] // the smallest with a 16-bit length
    [InlineData(65535)]
    [InlineData(65536)] // the smallest with a 64-bit length
    [InlineData(200_000)]
    public async Task Server_frames_of_every_header_size_read_back_in_a_standard_client(int length)
    {
        byte[] first = Enumerable.Range(0, length).Select(i => (byte)('a' + i % 26)).ToArray();
        var frames = new ArrayBufferWriter<byte>();
        ServerFrame.WriteText(frames, first);
        ServerFrame.WriteText(frames, "next"u8); // a second frame right behind it, as in a batch

        using var client = WebSocket.CreateFromStream(new MemoryStream(frames.WrittenSpan.ToArray()), new WebSocketCreationOptions { IsServer = false });
        Assert.Equal(first, await ReceiveWholeAsync(client));
        Assert.Equal("next"u8.ToArray(), await ReceiveWholeAsync(client));
    }

    [Fact]
    public async Task Pongs_interleave_with_a_burst_of_notifications_without_breaking_a_frame()
    {
        using var socket = await RawControlSocket.ConnectAsync(_host.HttpAddress, TestAuthenticator.Admin);
        await socket.SendTextAsync(Bind(1, "Echo", "reading"));
        var status = _host.Engine.State.For("mod-echo-a");
        const int Values = 3000;
        const int Pings = 200;

        // Values of all three header sizes, written as fast as the state store takes them, while pings go the other way.
        var writing = Task.Run(() =>
        {
            for (int n = 1; n <= Values; n++)
            {
                int padding = n % 500 == 0 ? 70_000 : n % 7 == 0 ? 300 : 0;
                status.Write("reading", Encoding.UTF8.GetBytes($$"""{"n":{{n}},"pad":"{{new string('x', padding)}}"}"""));
            }
        });
        var pinging = Task.Run(async () =>
        {
            for (int i = 0; i < Pings; i++)
            {
                await socket.SendAsync(0x9, Encoding.ASCII.GetBytes($"ping {i}"));
            }
        });

        int pongs = 0, lastN = 0;
        bool bound = false;
        while (pongs < Pings || lastN < Values)
        {
            var frame = await socket.ReadFrameAsync($"frames (pongs so far {pongs}, latest value {lastN})");
            Assert.True(frame.Final, "every message of this protocol is one whole frame");
            if (frame.Opcode == 0xA)
            {
                Assert.Equal($"ping {pongs}", Encoding.ASCII.GetString(frame.Payload)); // answered in order, intact
                pongs++;
                continue;
            }
            Assert.Equal(0x1, frame.Opcode);
            using var json = JsonDocument.Parse(frame.Payload); // a torn frame would not parse
            if (!bound)
            {
                AssertSuccess(json.RootElement, 1);
                bound = true;
                continue;
            }
            int n = JsonDocument.Parse(AssertNotify(json.RootElement, 1)).RootElement.GetProperty("n").GetInt32();
            Assert.True(n > lastN, $"values arrive in the order written (got {n} after {lastN})");
            lastN = n;
        }
        await Task.WhenAll(writing, pinging).WithTimeout("the writer and the pinger");
        Assert.Equal(Values, lastN);
    }

    [Fact]
    public async Task A_websocket_over_http2_is_served_the_same_way()
    {
        // Extended CONNECT (RFC 8441): the other upgrade path the capture wraps. Cleartext HTTP/2 needs an endpoint that
        // speaks only HTTP/2 (Kestrel answers HTTP/1.1-or-2 cleartext endpoints in HTTP/1.1), as TLS endpoints negotiate it.
        await using var host = await RealtimeTestHost.StartAsync(hostArgs: ["--Kestrel:EndpointDefaults:Protocols=Http2"]);
        using var invoker = new HttpMessageInvoker(new SocketsHttpHandler());
        using var socket = new ClientWebSocket();
        socket.Options.HttpVersion = System.Net.HttpVersion.Version20;
        socket.Options.HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        socket.Options.SetRequestHeader("X-API-Key", TestAuthenticator.Admin);
        socket.Options.CollectHttpResponseDetails = true;
        await socket.ConnectAsync(host.ControlUri, invoker, CancellationToken.None).WithTimeout("the HTTP/2 websocket to connect");
        Assert.Equal(System.Net.HttpStatusCode.OK, socket.HttpStatusCode); // 200 to the CONNECT, where HTTP/1.1 answers 101

        await socket.SendAsync(Encoding.UTF8.GetBytes(Bind(1, "Echo", "reading")), WebSocketMessageType.Text, true, CancellationToken.None)
            .WithTimeout("the bind to be sent");
        AssertSuccess(JsonDocument.Parse(await ReceiveWholeAsync(socket)).RootElement, 1);
        host.Engine.State.For("mod-echo-a").Write("reading", "42"u8);
        Assert.Equal("42", AssertNotify(JsonDocument.Parse(await ReceiveWholeAsync(socket)).RootElement, 1));
    }

    private static async Task<byte[]> ReceiveWholeAsync(WebSocket client)
    {
        var message = new MemoryStream();
        var buffer = new byte[8192];
        ValueWebSocketReceiveResult result;
        do
        {
            result = await client.ReceiveAsync(buffer.AsMemory(), CancellationToken.None).WithTimeout("a frame from the buffer");
            Assert.Equal(WebSocketMessageType.Text, result.MessageType);
            message.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);
        return message.ToArray();
    }
}
