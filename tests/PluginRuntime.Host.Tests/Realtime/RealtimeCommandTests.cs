using System.Text.Json;
using Microsoft.Extensions.Logging;
using PluginRuntime.Host.Realtime;
using PluginRuntime.Host.Tests.Support;
using static PluginRuntime.Host.Tests.Support.Frames;

namespace PluginRuntime.Host.Tests.Realtime;

/// <summary>Each command of the real-time protocol, and each of its error codes 0–7, over a real websocket.</summary>
public sealed class RealtimeCommandTests : IAsyncLifetime
{
    private RealtimeTestHost _host = null!;
    private RealtimeClient _client = null!;

    public async Task InitializeAsync()
    {
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
        _host = await RealtimeTestHost.StartAsync(options: options);
        _client = await _host.ConnectAsync();
    }

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Exec_replies_success_with_meta_and_the_methods_json_result()
    {
        var reply = await _client.RequestAsync(Exec(1, "Echo", "add", "[2, 3]"), "the add reply");

        AssertSuccess(reply, 1);
        Assert.Equal(5, reply.GetProperty("value").GetInt32());
        var meta = reply.GetProperty("meta");
        Assert.Equal(("sys-1", "Echo", 1, "add"),
            (meta.GetProperty("sys").GetString(), meta.GetProperty("mod").GetString(), meta.GetProperty("index").GetInt32(), meta.GetProperty("name").GetString()));

        var named = await _client.RequestAsync("""{"id":2,"cmd":"exec","sys":"sys-1","mod":"Echo","name":"add","args":{"a":1}}""", "the named-args reply");
        Assert.Equal(11, AssertSuccess(named, 2).GetProperty("value").GetInt32()); // index defaults to 1, b to 10

        var text = await _client.RequestAsync(Exec(3, "Echo", "echo", """["hi \"there\""]""", index: 2), "the echo reply");
        Assert.Equal("hi \"there\"", AssertSuccess(text, 3).GetProperty("value").GetString());
    }

    [Fact]
    public async Task Ids_are_echoed_exactly_as_sent_whether_string_huge_number_or_decimal()
    {
        string[] ids = ["\"abc-\\u00e9\"", "123456789012345678901234567890", "-1.5e3", "0", "\"\""];
        foreach (string id in ids)
        {
            await _client.SendAsync($$"""{"id":{{id}},"cmd":"exec","sys":"sys-1","mod":"Echo","name":"add","args":[1,1]}""");
            string reply = await _client.ReceiveTextAsync($"the reply to id {id}");
            Assert.StartsWith($$"""{"id":{{id}},"type":"success",""", reply);
        }
    }

    [Fact]
    public async Task A_method_that_blocks_its_thread_does_not_stall_the_connection()
    {
        await _client.SendAsync(Exec(1, "Faulty", "block_briefly"));
        await _client.SendAsync("ping");

        Assert.Equal("pong", await _client.ReceiveTextAsync("pong while the blocking method runs"));
        var reply = await _client.ReceiveTextAsync("the blocking method's reply");
        Assert.StartsWith("""{"id":1,"type":"success",""", reply);
    }

    [Fact]
    public async Task Exec_runs_concurrently_so_a_fast_call_is_answered_while_a_slow_one_runs()
    {
        await _client.SendAsync(Exec(1, "Faulty", "hang"));
        var first = await _client.RequestAsync(Exec(2, "Echo", "echo", """["fast"]"""), "the fast exec's reply");

        Assert.Equal("fast", AssertSuccess(first, 2).GetProperty("value").GetString());
    }

    [Fact]
    public async Task Unbind_replies_success_and_stops_notifications_and_is_idempotent()
    {
        AssertSuccess(await _client.RequestAsync(Bind(1, "Echo", "count"), "the bind success"), 1);
        AssertSuccess(await _client.RequestAsync(Unbind(2, "Echo", "count"), "the unbind success"), 2);

        // The exec's own reply is the next frame: no notify for the unbound key came before it.
        AssertSuccess(await _client.RequestAsync(Exec(3, "Echo", "set_value", """["count", 1]"""), "the set_value reply"), 3);
        AssertSuccess(await _client.RequestAsync(Unbind(4, "Echo", "never_bound"), "the unbind of an unbound key"), 4);
    }

    [Fact]
    public async Task Text_ping_is_answered_with_text_pong()
    {
        await _client.SendAsync("ping");
        Assert.Equal("pong", await _client.ReceiveTextAsync("pong"));
    }

    [Fact]
    public async Task Invalid_json_is_a_parse_error_code_0()
    {
        var reply = await _client.RequestAsync("""{"id":1,"cmd":""", "the parse error");
        Assert.StartsWith("Invalid JSON", AssertError(reply, 0));
    }

    [Fact]
    public async Task Missing_or_ill_typed_fields_and_argument_errors_are_bad_requests_code_1()
    {
        Assert.Equal("bind needs sys, mod and name; missing or empty: name.",
            AssertError(await _client.RequestAsync("""{"id":1,"cmd":"bind","sys":"sys-1","mod":"Echo"}""", "missing name"), 1));
        Assert.Equal("index must be a whole number from 1 (the first module of that name is 1).",
            AssertError(await _client.RequestAsync("""{"id":2,"cmd":"bind","sys":"sys-1","mod":"Echo","index":0,"name":"x"}""", "index 0"), 1));
        Assert.Equal("sys must be a string, not a number.",
            AssertError(await _client.RequestAsync("""{"id":3,"cmd":"exec","sys":1,"mod":"Echo","name":"x"}""", "numeric sys"), 1));
        Assert.Contains("has no method 'nope'",
            AssertError(await _client.RequestAsync(Exec(4, "Echo", "nope"), "unknown method"), 1));
        var typeError = await _client.RequestAsync(Exec(5, "Echo", "add", """["x", "y"]"""), "argument type error");
        AssertError(typeError, 1);
        Assert.Equal(5, typeError.GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task A_caller_without_access_or_clearance_is_denied_code_2()
    {
        await using var user = await _host.ConnectAsync(TestAuthenticator.User);

        Assert.Equal("'test-user' may not access system 'sys-2'.", AssertError(await user.RequestAsync(Bind(1, "Echo", "count", sys: "sys-2"), "bind denied"), 2));
        AssertError(await user.RequestAsync(Exec(2, "Echo", "echo", """["x"]""", sys: "sys-2"), "exec denied"), 2);
        AssertError(await user.RequestAsync("""{"id":3,"cmd":"debug","sys":"sys-2","mod":"Echo","index":1}""", "debug denied"), 2);
        Assert.Equal("'admin_only' needs admin clearance; 'test-user' has user.",
            AssertError(await user.RequestAsync(Exec(4, "Echo", "admin_only"), "admin_only denied"), 2));

        AssertSuccess(await user.RequestAsync(Bind(5, "Echo", "count"), "bind in the user's own system"), 5);
        Assert.Contains(_host.Logs.Messages(LogLevel.Warning), m => m.StartsWith("Realtime access denied: test-user from 127.0.0.1:"));
    }

    [Fact]
    public async Task A_driver_exception_is_request_failed_code_3_with_its_message()
    {
        var reply = await _client.RequestAsync(Exec(1, "Echo", "required", """["no_such_setting"]"""), "the failed exec");
        Assert.Contains("no_such_setting", AssertError(reply, 3));
    }

    [Fact]
    public async Task An_unknown_command_is_code_4_and_logged_with_the_remote_address()
    {
        var reply = await _client.RequestAsync("""{"id":1,"cmd":"format_disk","sys":"sys-1"}""", "the unknown command error");

        Assert.Equal("Unknown command 'format_disk': use one of bind, unbind, exec, debug, ignore.", AssertError(reply, 4));
        Assert.Contains(_host.Logs.Messages(LogLevel.Information),
            m => m.StartsWith("Realtime client 127.0.0.1:") && m.EndsWith("(test-admin): unknown command 'format_disk'"));
    }

    [Fact]
    public async Task An_unknown_commands_log_line_is_capped_and_has_its_control_characters_escaped()
    {
        // JSON escapes: the command the server decodes holds a real CR LF.
        string forged = "x\\r\\nWARN forged line" + new string('a', 500);

        AssertError(await _client.RequestAsync($$"""{"id":1,"cmd":"{{forged}}"}""", "the unknown command error"), 4);

        string line = Assert.Single(_host.Logs.Messages(LogLevel.Information), m => m.Contains("unknown command", StringComparison.Ordinal));
        Assert.EndsWith("unknown command 'x\\u000d\\u000aWARN forged lineaaaaaaaaaaaaa…'", line);
        Assert.DoesNotContain('\n', line);
    }

    [Fact]
    public async Task An_unknown_system_is_code_5_for_every_command_that_names_one()
    {
        Assert.Equal("System 'sys-nope' does not exist.", AssertError(await _client.RequestAsync(Bind(1, "Echo", "x", sys: "sys-nope"), "bind"), 5));
        AssertError(await _client.RequestAsync(Exec(2, "Echo", "echo", sys: "sys-nope"), "exec"), 5);
        AssertError(await _client.RequestAsync("""{"id":3,"cmd":"debug","sys":"sys-nope","mod":"Echo"}""", "debug"), 5);
    }

    [Fact]
    public async Task An_unknown_module_is_code_6_for_exec_and_debug()
    {
        Assert.StartsWith("System 'sys-1' has no module Nope_1.", AssertError(await _client.RequestAsync(Exec(1, "Nope", "x"), "exec"), 6));
        AssertError(await _client.RequestAsync(Exec(2, "Echo", "echo", """["x"]""", index: 3), "exec Echo_3"), 6);
        AssertError(await _client.RequestAsync("""{"id":3,"cmd":"debug","sys":"sys-1","mod":"Nope"}""", "debug"), 6);
    }

    [Fact]
    public async Task A_failure_inside_the_face_is_unexpected_failure_code_7_and_the_connection_stays_usable()
    {
        var reply = await _client.RequestAsync(Exec(1, "Echo", "boom"), "the injected failure");

        Assert.Equal("Unexpected failure: injected failure", AssertError(reply, 7));
        Assert.Contains(_host.Logs.Messages(LogLevel.Error), m => m.EndsWith("'exec' failed unexpectedly"));
        AssertSuccess(await _client.RequestAsync(Exec(2, "Echo", "add", "[1,2]"), "an exec after the failure"), 2);
    }

    [Fact]
    public async Task Closing_disposes_the_connections_watches_and_the_server_keeps_serving_others()
    {
        await using var other = await _host.ConnectAsync();
        AssertSuccess(await _client.RequestAsync("""{"id":1,"cmd":"debug","sys":"sys-1","mod":"Echo"}""", "debug success"), 1);
        Assert.True(_host.Engine.LogTap.IsWatched("mod-echo-a"));

        await _client.CloseAsync();

        // The server disposes subscriptions before it sends its close, which the client has now received.
        Assert.Equal(System.Net.WebSockets.WebSocketState.Closed, _client.Socket.State);
        Assert.Equal(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, _client.Socket.CloseStatus);
        Assert.False(_host.Engine.LogTap.IsWatched("mod-echo-a"));
        AssertSuccess(await other.RequestAsync(Exec(2, "Echo", "add", "[1,2]"), "the other client's exec"), 2);
    }

    [Fact]
    public async Task Stopping_the_host_closes_open_connections_politely()
    {
        var stopping = _host.App.StopAsync();

        await _client.Socket.ReceiveAsync(new byte[64], CancellationToken.None).WithTimeout("the server's close frame");
        Assert.Equal(System.Net.WebSockets.WebSocketCloseStatus.EndpointUnavailable, _client.Socket.CloseStatus);
        await _client.CloseAsync();
        await stopping.WithTimeout("the host to stop");
    }

    [Fact]
    public async Task Replies_are_plain_json_objects_without_reflection_artifacts()
    {
        string reply = await SendAndReadTextAsync(Exec(7, "Echo", "add", "[1,2]"));
        Assert.Equal("""{"id":7,"type":"success","meta":{"sys":"sys-1","mod":"Echo","index":1,"name":"add"},"value":3}""", reply);
        string error = await SendAndReadTextAsync("""{"id":"x","cmd":"bind"}""");
        Assert.Equal("""{"id":"x","type":"error","code":1,"error_code":1,"msg":"bind needs sys, mod and name; missing or empty: sys, mod, name."}""", error);
        using var parsed = JsonDocument.Parse(error); // and it is valid JSON
    }

    private async Task<string> SendAndReadTextAsync(string request)
    {
        await _client.SendAsync(request);
        return await _client.ReceiveTextAsync("the reply to " + request);
    }
}
