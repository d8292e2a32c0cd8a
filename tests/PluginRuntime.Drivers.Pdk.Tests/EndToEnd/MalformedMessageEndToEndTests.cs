namespace PluginRuntime.Drivers.Pdk.Tests.EndToEnd;

public sealed class MalformedMessageEndToEndTests
{
    [Fact]
    public async Task Malformed_messages_are_logged_and_dropped_and_the_module_stays_connected_and_correct()
    {
        await using var session = await PanelSession.StartAsync();
        await session.Panel.ControlAsync(new { op = "event", topic = "door.input.dps.closed", doorId = 1 });
        await session.Driver.HandledAsync("door.input.dps.closed", "a good event first");

        // Wrong types, an unknown event type, a payload far beyond max_message_bytes, and broken JSON.
        await session.Panel.ControlAsync(new { op = "emit", @event = "door.input.dps.opened", args = new object[] { new { topic = "door.input.dps.opened", body = new { doorId = "one" } } } });
        await session.Panel.ControlAsync(new { op = "emit", @event = "door.teleported", args = new object[] { new { topic = "door.teleported", body = new { doorId = 1 } } } });
        await session.Panel.ControlAsync(new { op = "emit", @event = "door.input.dps.opened", args = new object[] { new { topic = "door.input.dps.opened", body = new { doorId = 1, door = new { id = 1, name = new string('x', 200_000) } } } } });
        await session.Panel.ControlAsync(new { op = "raw", packet = "2[\"door.input.dps.opened\",{\"topic\":" });
        await session.Panel.ControlAsync(new { op = "event", topic = "door.input.relay.on", doorId = 1 });
        await session.Driver.HandledAsync("door.input.relay.on", "a good event after the bad ones");

        var door = session.Harness.Status["door_1"]!.Value;
        Assert.False(door.GetProperty("open").GetBoolean());
        Assert.True(door.GetProperty("relay").GetBoolean());
        Assert.Equal(4, session.Harness.Status.Get<int>("dropped_messages"));
        Assert.Contains(session.Harness.Logs, l => l.Message.Contains("$.body.doorId: should be an integer", StringComparison.Ordinal));
        Assert.Contains(session.Harness.Logs, l => l.Message.Contains("Dropped 'door.teleported'", StringComparison.Ordinal));
        Assert.Contains(session.Harness.Logs, l => l.Message.Contains("more than max_message_bytes", StringComparison.Ordinal));
        Assert.Contains(session.Harness.Logs, l => l.Message.Contains("malformed JSON", StringComparison.Ordinal));
        Assert.True(session.Harness.Status.Get<bool>("connected"));
        Assert.Single(session.Panel.Output.Split('\n'), l => l.Contains("\"event\":\"connected\"", StringComparison.Ordinal));
    }
}
