using System.Text.Json;
using PluginRuntime.Drivers.Pdk.Tests.Support;
using PluginRuntime.Sdk.Commands;

namespace PluginRuntime.Drivers.Pdk.Tests.EndToEnd;

public sealed class PanelCommandEndToEndTests
{
    [Theory]
    [InlineData("open", "[1]", "door.actuate.open", """{"doorId":1}""", "door.input.relay.on")]
    [InlineData("close", "[1]", "door.actuate.close", """{"doorId":1}""", "door.input.relay.off")]
    [InlineData("try_open", "[2]", "door.try.open", """{"doorId":2}""", "door.input.relay.on")]
    [InlineData("dwell_open", "[2, 30]", "door.try.dwellopen", """{"doorId":2,"dwell":30}""", "door.input.relay.on")]
    [InlineData("force_toggle", "[3]", "door.actuate.forcetoggle", """{"doorId":3}""", "door.forceclose.on")]
    [InlineData("clear_forced_alarm", "[1]", "door.alarm.forced.clear", """{"doorId":1}""", "door.alarm.forced.cleared")]
    [InlineData("discover_endpoints", "[]", "endpoint.discover", "{}", "endpoint.discovered")]
    [InlineData("query_signal", """{"io_link_id": 2, "address": "0013a200400a393c"}""", "endpoint.querysignal", """{"ioLinkId":2,"address":"0013a200400a393c"}""", "endpoint.signal")]
    [InlineData("toggle_dnd", "[1]", "door.actuate.dnd", """{"doorId":1}""", null)]
    public async Task Each_command_reaches_the_panel_as_its_message_and_resolves_on_the_panels_confirmation(
        string method, string args, string topic, string body, string? effect)
    {
        await using var session = await PanelSession.StartAsync();

        var result = await session.Harness.ExecJson(method, args).WithTimeout($"{method} to be confirmed");

        var received = (await session.Panel.WaitForEventAsync("command", "the panel to receive the command")).GetProperty("command");
        Assert.Equal(topic, received.GetProperty("topic").GetString());
        Assert.Equal(body, received.GetProperty("body").GetRawText());
        Assert.Equal(received.GetProperty("id").GetString(), result.GetProperty("command_id").GetString());
        if (effect is not null)
        {
            await session.Driver.HandledAsync(effect, "the command's effect");
        }
    }

    [Fact]
    public async Task The_commands_effects_reach_status()
    {
        await using var session = await PanelSession.StartAsync();

        await session.Harness.Exec("discover_endpoints").WithTimeout("discovery");
        await session.Driver.HandledAsync("endpoint.discovered", "the first endpoint");
        await session.Driver.HandledAsync("endpoint.discovered", "the second endpoint");
        await session.Harness.ExecNamed("query_signal", new { io_link_id = 2, address = "0013a200400a393c" }).WithTimeout("the signal query");
        await session.Driver.HandledAsync("endpoint.signal", "the signal");
        await session.Harness.Exec("toggle_dnd", 1).WithTimeout("dnd");
        await session.Harness.Exec("dwell_open", 1, 30).WithTimeout("dwell open");
        await session.Driver.HandledAsync("door.input.relay.on", "the relay");

        var endpoints = session.Harness.Status["endpoints"]!.Value.EnumerateArray().ToArray();
        Assert.Equal(["wimac", "wimac-2"], endpoints.Select(e => e.GetProperty("name").GetString()));
        Assert.Equal(JsonValueKind.Null, endpoints[0].GetProperty("db_gain").ValueKind);
        Assert.Equal(27, endpoints[1].GetProperty("db_gain").GetDouble());
        var door = session.Harness.Status["door_1"]!.Value;
        Assert.True(door.GetProperty("dnd").GetBoolean());
        Assert.True(door.GetProperty("relay").GetBoolean());
        Assert.Equal("Front Door", door.GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_command_the_panel_refuses_fails_with_the_panels_error()
    {
        await using var session = await PanelSession.StartAsync();

        var unknownDoor = await Assert.ThrowsAsync<CommandFailedException>(() => session.Harness.Exec("open", 42)).WithTimeout("the refused open");
        await session.Panel.ControlAsync(new { op = "command-mode", mode = "error", message = "Panel is busy." });
        var busy = await Assert.ThrowsAsync<CommandFailedException>(() => session.Harness.Exec("close", 1)).WithTimeout("the refused close");

        Assert.Equal("The panel refused 'door.actuate.open': Door 42 not found.", unknownDoor.Message);
        Assert.Equal("The panel refused 'door.actuate.close': Panel is busy.", busy.Message);
        Assert.Equal("Panel is busy.", session.Harness.Status.Get<string>("last_error"));
    }

    [Fact]
    public async Task A_command_the_panel_never_confirms_times_out()
    {
        await using var session = await PanelSession.StartAsync();
        await session.Panel.ControlAsync(new { op = "command-mode", mode = "silent" });

        var call = session.Harness.Exec("open", 1);
        await session.Panel.WaitForEventAsync("command", "the panel to receive the command");
        await session.Harness.AdvanceAsync(TimeSpan.FromSeconds(10));

        await Assert.ThrowsAsync<CommandTimeoutException>(() => call).WithTimeout("the timeout");
        Assert.True(session.Harness.Status.Get<bool>("connected"));
    }

    [Fact]
    public async Task Unlock_opens_the_door_through_the_panel()
    {
        await using var session = await PanelSession.StartAsync();

        await session.Harness.Exec("unlock", "2").WithTimeout("unlock");
        await session.Driver.HandledAsync("door.input.relay.on", "the relay");

        var doors = await session.Harness.Exec("list_doors").WithTimeout("list_doors");
        var door = Assert.Single(doors.EnumerateArray());
        Assert.Equal("2", door.GetProperty("id").GetString());
        Assert.True(door.GetProperty("unlocked").GetBoolean());
    }
}
