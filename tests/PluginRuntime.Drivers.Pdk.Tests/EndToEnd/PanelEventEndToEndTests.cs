using PluginRuntime.Drivers.Pdk.Tests.Support;

namespace PluginRuntime.Drivers.Pdk.Tests.EndToEnd;

public sealed class PanelEventEndToEndTests
{
    [Fact]
    public async Task The_driver_connects_with_the_token_in_the_query()
    {
        await using var session = await PanelSession.StartAsync();

        Assert.True(session.Harness.Status.Get<bool>("connected"));
        Assert.Contains("\"token\":\"panel-token\"", session.Panel.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_token_is_refused_and_retried_with_backoff()
    {
        await using var session = await PanelSession.StartAsync();
        await using var refused = await PdkPanelProcess.StartAsync(token: "other-token");

        await session.Harness.ChangeSettingsAsync(new { panel_url = refused.Url, token = "panel-token", spec_path = Settings.PdkSpec });

        await refused.WaitForEventAsync("refused", "the simulator to refuse the token");
        Assert.False(session.Harness.Status.Get<bool>("connected"));
        Assert.Contains(session.Harness.Logs, l => l.Message.Contains("Connection to the PDK panel failed, retrying in 00:00:01", StringComparison.Ordinal)
            && l.Message.Contains("refused the connection: Authentication error", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("door.input.dps.opened", "open", true)]
    [InlineData("door.input.dps.closed", "open", false)]
    [InlineData("door.input.relay.on", "relay", true)]
    [InlineData("door.input.relay.off", "relay", false)]
    [InlineData("door.input.rex.on", "rex", true)]
    [InlineData("door.input.rex.off", "rex", false)]
    [InlineData("door.alarm.forced", "forced_alarm", true)]
    [InlineData("door.alarm.forced.cleared", "forced_alarm", false)]
    [InlineData("door.alarm.propped.on", "propped_alarm", true)]
    [InlineData("door.alarm.propped.off", "propped_alarm", false)]
    [InlineData("door.forceclose.on", "force_close", true)]
    [InlineData("door.forceclose.off", "force_close", false)]
    public async Task Each_door_event_from_the_panel_updates_the_door(string topic, string field, bool expected)
    {
        await using var session = await PanelSession.StartAsync();

        await session.Panel.ControlAsync(new { op = "event", topic, doorId = 2 });
        await session.Driver.HandledAsync(topic, "the door event");

        var door = session.Harness.Status["door_2"]!.Value;
        Assert.Equal(expected, door.GetProperty(field).GetBoolean());
        Assert.Equal("Back Door", door.GetProperty("name").GetString());
        Assert.Equal(topic, session.Harness.Status["last_event"]!.Value.GetProperty("topic").GetString());
    }

    [Theory]
    [InlineData("door.request.allowed", 1, "allowed", "Ada Lovelace")]
    [InlineData("door.request.denied", 2, "denied", "Grace Hopper")]
    [InlineData("door.request.unknown", 1, "unknown", null)]
    public async Task Access_requests_and_their_live_event_reach_status(string topic, int personId, string result, string? person)
    {
        await using var session = await PanelSession.StartAsync();

        await session.Panel.ControlAsync(new { op = "event", topic, doorId = 3, personId });
        await session.Driver.HandledAsync("liveEvent", "the live event after the request");

        var access = session.Harness.Status["last_access"]!.Value;
        Assert.Equal(result, access.GetProperty("result").GetString());
        Assert.Equal(person, access.GetProperty("person_name").GetString());
        Assert.Equal("Server Room", access.GetProperty("door_name").GetString());
        Assert.Equal(result, session.Harness.Status["door_3"]!.Value.GetProperty("last_access").GetProperty("result").GetString());
        Assert.Contains("Server Room", session.Harness.Status["live_event"]!.Value.GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migration_events_and_server_errors_reach_status()
    {
        await using var session = await PanelSession.StartAsync();

        await session.Panel.ControlAsync(new { op = "emit", @event = "migration.started" });
        await session.Driver.HandledAsync("migration.started", "migration.started");
        Assert.Equal("started", session.Harness.Status["migration"]!.Value.GetProperty("state").GetString());
        await session.Panel.ControlAsync(new { op = "emit", @event = "migration.task.started", args = new[] { new { task = "TRANSFORM_SCHEMA" } } });
        await session.Driver.HandledAsync("migration.task.started", "migration.task.started");
        Assert.Equal("TRANSFORM_SCHEMA", session.Harness.Status["migration"]!.Value.GetProperty("task").GetString());
        await session.Panel.ControlAsync(new { op = "emit", @event = "migration.completed", args = new[] { new { systemId = "ea5df7cb" } } });
        await session.Driver.HandledAsync("migration.completed", "migration.completed");
        Assert.Equal("ea5df7cb", session.Harness.Status["migration"]!.Value.GetProperty("system_id").GetString());

        await session.Panel.ControlAsync(new { op = "emit", @event = "serverError", args = new[] { new { message = "Something broke." } } });
        await session.Driver.HandledAsync("serverError", "serverError");
        Assert.Equal("Something broke.", session.Harness.Status.Get<string>("last_error"));
    }

    [Fact]
    public async Task The_driver_reconnects_after_the_panel_drops_it()
    {
        await using var session = await PanelSession.StartAsync(url => new
        {
            panel_url = url, token = "panel-token", spec_path = Settings.PdkSpec, reconnect_min_seconds = 1,
        });

        await session.Panel.ControlAsync(new { op = "disconnect" });
        await session.Driver.DisconnectedAsync("the driver to notice the drop");
        Assert.False(session.Harness.Status.Get<bool>("connected"));
        // The reconnect waits 1 s on the driver's (fake) clock.
        await session.Harness.AdvanceAsync(TimeSpan.FromSeconds(1));
        await session.Panel.WaitForEventAsync("connected", "the driver to reconnect");

        await session.Panel.ControlAsync(new { op = "event", topic = "door.input.dps.opened", doorId = 1 });
        await session.Driver.HandledAsync("door.input.dps.opened", "an event after the reconnect");
        Assert.True(session.Harness.Status.Get<bool>("connected"));
    }
}
