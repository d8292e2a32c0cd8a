using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using PluginRuntime.Host.Tests.Support;
using static PluginRuntime.Host.Tests.Support.Frames;

namespace PluginRuntime.Host.Tests.Realtime;

/// <summary>Every kind of malformed message gets an error reply, the connection stays open, and nobody else notices.</summary>
public sealed class RealtimeBadInputTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private RealtimeTestHost _host = null!;

    public async Task InitializeAsync() => _host = await RealtimeTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    /// <summary>A malformed message, how to send it, and the error code it must get.</summary>
    private sealed record BadFrame(string Kind, byte[] Bytes, WebSocketMessageType Type, int Code, int FragmentSize = 0);

    private static BadFrame Text(string kind, string text, int code) => new(kind, Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, code);

    private static IEnumerable<BadFrame> BadFrames(int round) =>
    [
        Text("invalid JSON", $$"""{"id":{{round}},"cmd":""", 0),
        Text("truncated string", "{\"id\":\"abc", 0),
        Text("trailing garbage", $$"""{"id":{{round}}} x""", 0),
        Text("empty message", "", 0),
        Text("too deep", new string('[', 200) + new string(']', 200), 0),
        Text("array", "[1,2,3]", 1),
        Text("number", "42", 1),
        Text("string", "\"bind\"", 1),
        Text("null", "null", 1),
        Text("wrong field types", $$"""{"id":{{round}},"cmd":"bind","sys":5,"mod":true,"name":[]}""", 1),
        Text("missing fields", $$"""{"id":{{round}},"cmd":"exec"}""", 1),
        Text("missing cmd", $$"""{"id":{{round}},"sys":"sys-1"}""", 1),
        Text("object id", """{"id":{"a":1},"cmd":"bind","sys":"sys-1","mod":"Echo","name":"x"}""", 1),
        Text("array id", """{"id":[1,2],"cmd":"bind","sys":"sys-1","mod":"Echo","name":"x"}""", 1),
        Text("boolean id", """{"id":true,"cmd":"bind","sys":"sys-1","mod":"Echo","name":"x"}""", 1),
        Text("huge id", $$"""{"id":{{new string('9', 5000)}},"cmd":"bind","sys":"sys-1","mod":"Echo","name":"x"}""", 1),
        Text("huge string id", $$"""{"id":"{{new string('x', 5000)}}","cmd":"bind"}""", 1),
        Text("bad index", $$"""{"id":{{round}},"cmd":"bind","sys":"sys-1","mod":"Echo","index":"1","name":"x"}""", 1),
        Text("string args", $$"""{"id":{{round}},"cmd":"exec","sys":"sys-1","mod":"Echo","name":"echo","args":"x"}""", 1),
        Text("unknown command", $$"""{"id":{{round}},"cmd":"rm -rf"}""", 4),
        new("binary frame", [1, 2, 3, 4], WebSocketMessageType.Binary, 1),
        new("oversized", Encoding.UTF8.GetBytes($$"""{"id":1,"cmd":"exec","sys":"sys-1","mod":"Echo","name":"echo","args":["{{new string('a', 70_000)}}"]}"""),
            WebSocketMessageType.Text, 1, FragmentSize: 8192),
    ];

    [Fact]
    public async Task Thousands_of_malformed_frames_each_get_an_error_while_another_clients_binding_keeps_receiving()
    {
        await using var attacker = await _host.ConnectAsync();
        await using var watcher = await _host.ConnectAsync();
        AssertSuccess(await watcher.RequestAsync(Bind(1, "Echo", "count"), "the watcher's bind"), 1);
        const int rounds = 150;
        int frames = 0;
        long before = 0;

        for (int round = 0; round < rounds; round++)
        {
            foreach (var bad in BadFrames(round))
            {
                await SendAsync(attacker, bad);
                string reply = await attacker.ReceiveTextAsync($"the error for '{bad.Kind}' in round {round}");
                using var parsed = JsonDocument.Parse(reply);
                Assert.True(parsed.RootElement.GetProperty("type").GetString() == "error", $"'{bad.Kind}' should get an error, got {reply}");
                Assert.True(parsed.RootElement.GetProperty("code").GetInt32() == bad.Code, $"'{bad.Kind}' should get code {bad.Code}, got {reply}");
                frames++;
            }
            if (round % 10 == 0)
            {
                // The other client's binding keeps receiving, in order, while the attack goes on.
                await watcher.SendAsync(Exec(1000 + round, "Echo", "set_value", $"[\"count\", {round}]"));
                Assert.Equal(round.ToString(), AssertNotify(await watcher.ReceiveAsync($"the watcher's notify in round {round}"), 1));
                AssertSuccess(await watcher.ReceiveAsync($"the watcher's exec reply in round {round}"), 1000 + round);
            }
            if (round == 0)
            {
                before = GC.GetTotalMemory(forceFullCollection: true); // after warm-up: buffers and code paths exist
            }
        }

        long after = GC.GetTotalMemory(forceFullCollection: true);
        output.WriteLine($"{frames} malformed frames; managed memory {before / 1024} KiB -> {after / 1024} KiB");
        Assert.True(after - before < 16 * 1024 * 1024, $"managed memory grew by {(after - before) / 1024} KiB over {frames} malformed frames");

        // The attacker's connection is still usable, and the server still takes new clients.
        Assert.Equal(WebSocketState.Open, attacker.Socket.State);
        AssertSuccess(await attacker.RequestAsync(Exec(1, "Echo", "add", "[1,2]"), "an exec after the bad input"), 1);
        await using var late = await _host.ConnectAsync();
        AssertSuccess(await late.RequestAsync(Exec(2, "Echo", "add", "[2,2]"), "a new client's exec"), 2);
    }

    [Fact]
    public async Task An_oversized_message_is_discarded_whole_and_the_next_message_is_read_normally()
    {
        await using var client = await _host.ConnectAsync();
        var oversized = BadFrames(0).Single(f => f.Kind == "oversized");

        await SendAsync(client, oversized);
        Assert.Equal("The message is larger than 65536 bytes and was discarded.", AssertError(await client.ReceiveAsync("the oversized error"), 1));
        await SendAsync(client, BadFrames(0).Single(f => f.Kind == "binary frame"));
        Assert.Equal("binary frames are not supported: send each request as a JSON text frame.", AssertError(await client.ReceiveAsync("the binary error"), 1));
        AssertSuccess(await client.RequestAsync(Exec(3, "Echo", "echo", $"[\"{new string('b', 60_000)}\"]"), "a large but allowed exec"), 3);
    }

    /// <summary>
    /// The one malformed input that does close a connection: RFC 6455 (8.1) requires a websocket endpoint to fail the
    /// connection when a text frame is not UTF-8, and the framework's websocket does so (1007) before the face sees it.
    /// </summary>
    [Fact]
    public async Task A_text_frame_that_is_not_utf8_fails_only_that_connection_as_the_websocket_rfc_requires()
    {
        await using var watcher = await _host.ConnectAsync();
        AssertSuccess(await watcher.RequestAsync(Bind(1, "Echo", "count"), "the watcher's bind"), 1);
        await using var client = await _host.ConnectAsync();

        await client.SendAsync(new byte[] { (byte)'{', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)':', (byte)'1', (byte)'}' }, WebSocketMessageType.Text);
        var failed = await Record.ExceptionAsync(() => client.ReceiveTextAsync("the close for invalid UTF-8"));

        // The close frame (1007) may arrive, or the TCP reset of the failed connection may overtake it.
        Assert.True(failed is InvalidOperationException { Message: var message } && message.Contains("InvalidPayloadData") || failed is WebSocketException,
            $"expected the connection to fail, got {failed?.ToString() ?? "a message"}");
        await watcher.SendAsync(Exec(2, "Echo", "set_value", "[\"count\", 5]"));
        Assert.Equal("5", AssertNotify(await watcher.ReceiveAsync("the watcher's notify"), 1));
    }

    private static async Task SendAsync(RealtimeClient client, BadFrame bad)
    {
        if (bad.FragmentSize == 0)
        {
            await client.SendAsync(bad.Bytes, bad.Type);
            return;
        }
        for (int offset = 0; offset < bad.Bytes.Length; offset += bad.FragmentSize)
        {
            int length = Math.Min(bad.FragmentSize, bad.Bytes.Length - offset);
            await client.SendAsync(bad.Bytes.AsMemory(offset, length), bad.Type, endOfMessage: offset + length == bad.Bytes.Length);
        }
    }
}
