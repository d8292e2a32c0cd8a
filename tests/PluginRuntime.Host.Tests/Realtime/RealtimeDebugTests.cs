using PluginRuntime.Host.Tests.Support;
using static PluginRuntime.Host.Tests.Support.Frames;

namespace PluginRuntime.Host.Tests.Realtime;

/// <summary>debug streams a module's log lines (at every level) to the connection until ignore.</summary>
public sealed class RealtimeDebugTests : IAsyncLifetime
{
    private RealtimeTestHost _host = null!;
    private RealtimeClient _client = null!;

    public async Task InitializeAsync()
    {
        _host = await RealtimeTestHost.StartAsync();
        _client = await _host.ConnectAsync();
    }

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Debug_replies_with_the_module_id_then_streams_its_log_lines_until_ignore()
    {
        var success = AssertSuccess(await _client.RequestAsync("""{"id":1,"cmd":"debug","sys":"sys-1","mod":"Echo","index":2,"name":"debug"}""", "the debug success"), 1);
        Assert.Equal("mod-echo-b", success.GetProperty("mod_id").GetString());
        Assert.Equal(2, success.GetProperty("meta").GetProperty("index").GetInt32());

        await _client.SendAsync(Exec(2, "Echo", "say", """["debug", "input changed to HDMI"]""", index: 2));
        var line = await _client.ReceiveAsync("the debug line");
        Assert.Equal(("debug", "mod-echo-b", "TestDrivers.Behaviours.EchoDriver", "debug", "input changed to HDMI"),
            (line.GetProperty("type").GetString(), line.GetProperty("mod").GetString(), line.GetProperty("klass").GetString(),
             line.GetProperty("level").GetString(), line.GetProperty("msg").GetString()));
        AssertSuccess(await _client.ReceiveAsync("the say reply"), 2);

        await _client.SendAsync(Exec(3, "Echo", "say", """["warning", "lamp hours high"]""", index: 2));
        Assert.Equal("warn", (await _client.ReceiveAsync("the warning line")).GetProperty("level").GetString());
        AssertSuccess(await _client.ReceiveAsync("the second say reply"), 3);

        var ignored = await _client.RequestAsync("""{"id":4,"cmd":"ignore","sys":"sys-1","mod":"mod-echo-b","index":null,"name":"ignore"}""", "the ignore success");
        Assert.Equal("""{"id":4,"type":"success"}""", ignored.GetRawText());
        Assert.False(_host.Engine.LogTap.IsWatched("mod-echo-b"));

        // After ignore the exec's reply is the next frame: no debug line before it.
        AssertSuccess(await _client.RequestAsync(Exec(5, "Echo", "say", """["error", "not for us"]""", index: 2), "the reply with no debug line before it"), 5);
    }

    [Fact]
    public async Task Ignore_by_system_and_module_name_stops_it_too_and_ignoring_twice_is_fine()
    {
        AssertSuccess(await _client.RequestAsync("""{"id":1,"cmd":"debug","sys":"sys-1","mod":"Echo"}""", "the debug success"), 1);
        Assert.True(_host.Engine.LogTap.IsWatched("mod-echo-a"));

        AssertSuccess(await _client.RequestAsync("""{"id":2,"cmd":"ignore","sys":"sys-1","mod":"Echo","index":1}""", "ignore by address"), 2);
        Assert.False(_host.Engine.LogTap.IsWatched("mod-echo-a"));
        AssertSuccess(await _client.RequestAsync("""{"id":3,"cmd":"ignore","mod":"mod-echo-a"}""", "a second ignore"), 3);
        Assert.StartsWith("ignore needs mod", AssertError(await _client.RequestAsync("""{"id":4,"cmd":"ignore"}""", "ignore without mod"), 1));
    }

    [Fact]
    public async Task Debug_lines_past_the_bound_are_dropped_and_the_client_is_told_how_many()
    {
        await using var host = await RealtimeTestHost.StartAsync(options: new PluginRuntime.Host.Realtime.RealtimeOptions { DebugLineBound = 4 });
        await using var client = await host.ConnectAsync();
        AssertSuccess(await client.RequestAsync("""{"id":1,"cmd":"debug","sys":"sys-1","mod":"Echo"}""", "the debug success"), 1);
        var connection = host.SingleConnection();

        // Logged straight into the module's logger path (the tap), faster than any socket: most must be dropped.
        for (int i = 0; i < 2000; i++)
        {
            host.Engine.LogTap.Publish(new Core.Logging.ModuleLogEntry("mod-echo-a", "Echo", Microsoft.Extensions.Logging.LogLevel.Information, $"line {i}", DateTimeOffset.UtcNow));
        }
        Assert.True(connection.Outbound.DebugLinesDropped > 0, "some lines should have been dropped");
        Assert.InRange(connection.Outbound.DebugHighWaterMark, 1, 4);

        // Drain until the notice arrives; it counts the dropped lines.
        string? notice = null;
        for (int received = 0; notice is null && received < 2000; received++)
        {
            string msg = (await client.ReceiveAsync("debug lines and the drop notice")).GetProperty("msg").GetString()!;
            notice = msg.Contains("debug lines were dropped") ? msg : null;
        }
        Assert.NotNull(notice);
    }
}
