using PluginRuntime.Host.Realtime;
using PluginRuntime.Host.Tests.Contracts.Support;
using PluginRuntime.Host.Tests.Support;
using static PluginRuntime.Host.Tests.Support.Frames;

namespace PluginRuntime.Host.Tests.Contracts;

/// <summary>
/// Drives the real host over a real websocket through every kind of message the control websocket spec says the
/// runtime sends, and checks each one the runtime emitted against the spec's schemas.
/// </summary>
public sealed class ControlWebSocketContractTests
{
    private const string SpecFile = "placeos-control-websocket.asyncapi.yaml";

    [Fact]
    public async Task Every_message_the_runtime_sends_conforms_to_the_control_websocket_spec()
    {
        var spec = await AsyncApiSpec.LoadAsync(SpecFile);
        // A request named "boom" fails inside the face: the only way to reach code 7 from outside.
        var options = new RealtimeOptions
        {
            BeforeCommand = request =>
            {
                if (request.Name == "boom")
                {
                    throw new InvalidOperationException("injected failure");
                }
            },
        };
        await using var host = await RealtimeTestHost.StartAsync(options: options);
        await using var client = new ContractClient(await host.ConnectAsync(), spec);
        await using var user = new ContractClient(await host.ConnectAsync(TestAuthenticator.User), spec);

        await client.SendAsync("ping");
        Assert.Equal("pong", (await client.ExpectAsync("pong", "pong")).GetString());

        // bind: success, then the current value; unbind: success.
        await client.SendAsync(Bind(1, "Echo", "greeting"));
        await client.ExpectAsync("bindSuccess", "the greeting bind's success");
        Assert.Equal("hello", (await client.ExpectAsync("notify", "the greeting's current value")).GetProperty("value").GetString());
        await client.SendAsync(Bind(2, "Echo", "count"));
        await client.ExpectAsync("bindSuccess", "the count bind's success");
        await client.SendAsync(Exec(3, "Echo", "set_value", """["count", 5]""")); // void method: value null
        var changed = await client.NextManyAsync(2, "the count change and the set_value reply");
        Assert.Equal(["execSuccess", "notify"], changed.Select(f => f.Message).Order(StringComparer.Ordinal));
        await client.SendAsync(Unbind(4, "Echo", "count"));
        await client.ExpectAsync("bindSuccess", "the unbind's success");

        // exec: results of several JSON shapes, ids of both kinds.
        await client.SendAsync("""{"id":"sensors","cmd":"exec","sys":"sys-1","mod":"Echo","name":"list_sensors","args":[]}""");
        Assert.Equal(System.Text.Json.JsonValueKind.Array, (await client.ExpectAsync("execSuccess", "the list_sensors reply")).GetProperty("value").ValueKind);
        // NJsonSchema 10.7 cannot check a number beyond 64 bits (it throws converting it), so the big id stays within them.
        await client.SendAsync("""{"id":9007199254740993,"cmd":"exec","sys":"sys-1","mod":"Echo","name":"add","args":{"a":1}}""");
        await client.ExpectAsync("execSuccess", "the add reply");

        // debug by name and by module id (no sys), its log lines at two levels, ignore.
        await client.SendAsync("""{"id":10,"cmd":"debug","sys":"sys-1","mod":"Echo","index":2,"name":"debug"}""");
        await client.ExpectAsync("debugSuccess", "the debug success");
        await client.SendAsync(Exec(11, "Echo", "say", """["debug", "input changed to HDMI"]""", index: 2));
        Assert.Contains("debugLine", (await client.NextManyAsync(2, "the debug line and the say reply")).Select(f => f.Message));
        await client.SendAsync(Exec(12, "Echo", "say", """["warning", "lamp hours high"]""", index: 2));
        Assert.Contains("debugLine", (await client.NextManyAsync(2, "the warn line and the say reply")).Select(f => f.Message));
        await client.SendAsync("""{"id":13,"cmd":"debug","mod":"mod-echo-a"}""");
        await client.ExpectAsync("debugSuccess", "the debug-by-module-id success");
        await client.SendAsync("""{"id":14,"cmd":"ignore","sys":"sys-1","mod":"mod-echo-b","index":null,"name":"ignore"}""");
        await client.ExpectAsync("ignoreSuccess", "the ignore success");
        await client.SendAsync("""{"id":15,"cmd":"ignore","mod":"mod-echo-a"}""");
        await client.ExpectAsync("ignoreSuccess", "the second ignore success");

        // Every error code, including replies to requests whose id could not be read.
        int[] codes =
        [
            await client.ExpectErrorAsync("""{"id":20,"cmd":""", "parse error (0) with an id"),
            await client.ExpectErrorAsync("not json", "parse error (0) without an id"),
            await client.ExpectErrorAsync("""{"id":21,"cmd":"bind","sys":"sys-1","mod":"Echo"}""", "bad request (1)"),
            await client.ExpectErrorAsync(Exec(22, "Echo", "add", """["x", "y"]"""), "argument error (1)"),
            await user.ExpectErrorAsync(Bind(23, "Echo", "count", sys: "sys-2"), "access denied (2)"),
            await client.ExpectErrorAsync(Exec(24, "Echo", "required", """["no_such_setting"]"""), "request failed (3)"),
            await client.ExpectErrorAsync("""{"id":25,"cmd":"format_disk","sys":"sys-1"}""", "unknown command (4)"),
            await client.ExpectErrorAsync(Bind(26, "Echo", "x", sys: "sys-nope"), "system not found (5)"),
            await client.ExpectErrorAsync(Exec(27, "Nope", "x"), "module not found (6)"),
            await client.ExpectErrorAsync(Exec(28, "Echo", "boom"), "unexpected failure (7)"),
        ];
        await client.SendBinaryAsync([1, 2, 3]);
        Assert.Equal(1, (await client.ExpectAsync("error", "the binary frame's error")).GetProperty("code").GetInt32());

        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 7], codes.Distinct().Order());
        var seen = client.Received.Concat(user.Received).Select(r => r.Message).ToHashSet();
        Assert.Equal(spec.SentMessages().Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
    }
}
