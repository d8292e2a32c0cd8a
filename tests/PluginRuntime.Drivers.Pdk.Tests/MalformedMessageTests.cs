using PluginRuntime.Drivers.Pdk.Tests.Support;

namespace PluginRuntime.Drivers.Pdk.Tests;

public sealed class MalformedMessageTests
{
    [Theory]
    [InlineData("door.input.dps.opened", """{"topic": "door.input.dps.opened", "body": {"doorId": "one"}}""", "$.body.doorId: should be an integer, but got string \"one\".")]
    [InlineData("door.input.dps.opened", """{"topic": "door.input.dps.closed", "body": {"doorId": 1}}""", "$.topic: should be \"door.input.dps.opened\"")]
    [InlineData("door.input.dps.opened", """["not", "an", "object"]""", "$: should be an object")]
    [InlineData("door.input.dps.opened", null, "it has no payload")]
    [InlineData("command.result.succeed", """{"topic": "command.result.succeed", "body": {}}""", "$.body.commandId: is required but missing.")]
    [InlineData("endpoint.signal", """{"topic": "endpoint.signal", "body": {"ioLinkId": 1, "address": "xyz", "dbGain": 4}}""", "$.body.address: should match the pattern")]
    [InlineData("door.exploded", """{"topic": "door.exploded", "body": {"doorId": 1}}""", "the spec declares no such event")]
    public async Task A_message_the_spec_refuses_is_logged_with_the_reason_and_dropped(string eventName, string? json, string reason)
    {
        await using var harness = await PdkHarness.StartAsync();
        harness.Driver.Panel.Deliver("door.input.dps.closed", PdkEvents.Door("door.input.dps.closed"));

        harness.Driver.Panel.Deliver(eventName, json);

        Assert.Contains(harness.Logs, l => l.Message.StartsWith($"Dropped '{eventName}' from the panel:", StringComparison.Ordinal)
            && l.Message.Contains(reason, StringComparison.Ordinal));
        Assert.Equal(1, harness.Status.Get<int>("dropped_messages"));
        Assert.False(harness.Status["door_1"]!.Value.GetProperty("open").GetBoolean());
        Assert.Equal("door.input.dps.closed", harness.Status["last_event"]!.Value.GetProperty("topic").GetString());
        Assert.Empty(harness.Errors);

        harness.Driver.Panel.Deliver("door.input.dps.opened", PdkEvents.Door("door.input.dps.opened"));
        Assert.True(harness.Status["door_1"]!.Value.GetProperty("open").GetBoolean());
    }

    [Fact]
    public async Task A_payload_larger_than_max_message_bytes_is_dropped_before_it_is_examined()
    {
        await using var harness = await PdkHarness.StartAsync(new { panel_url = "http://127.0.0.1:6006", token = "t", spec_path = Settings.PdkSpec, max_message_bytes = 1024 });
        string huge = $$$"""{"topic": "door.input.dps.opened", "body": {"doorId": 1, "door": {"id": 1, "name": "{{{new string('x', 2000)}}}"} } }""";

        harness.Driver.Panel.Deliver("door.input.dps.opened", huge);

        Assert.Contains(harness.Logs, l => l.Message.Contains("more than max_message_bytes (1024)", StringComparison.Ordinal));
        Assert.False(harness.Status.Has("door_1"));
    }

    [Fact]
    public async Task A_confirmation_for_no_waiting_command_changes_nothing_but_the_last_event()
    {
        await using var harness = await PdkHarness.StartAsync();

        harness.Driver.Panel.Deliver("command.result.succeed", PdkEvents.Succeeded("nobody-waits"));

        Assert.Equal("command.result.succeed", harness.Status["last_event"]!.Value.GetProperty("topic").GetString());
        Assert.Empty(harness.Errors);
    }

    [Fact]
    public async Task An_unreadable_packet_is_counted_and_logged_as_dropped()
    {
        await using var harness = await PdkHarness.StartAsync();

        harness.Driver.Panel.DeliverMalformed("a Socket.IO event packet with malformed JSON");

        Assert.Equal(1, harness.Status.Get<int>("dropped_messages"));
        Assert.Contains(harness.Logs, l => l.Message == "Dropped '(unreadable packet)' from the panel: a Socket.IO event packet with malformed JSON");
    }

    [Theory]
    [InlineData("42[\"door.input.dps.opened\",{\"topic\":", "malformed JSON")]
    [InlineData("42{\"not\":\"an array\"}", "not a JSON array")]
    [InlineData("42[\"a\",1]junk", "malformed JSON")]
    [InlineData("42/admin,17[\"a\",{]", "malformed JSON")]
    public void Unreadable_event_packets_are_recognised(string packet, string problem)
    {
        Assert.Contains(problem, PluginRuntime.Drivers.Pdk.Connection.WellFormedPacketFilter.Problem(packet), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("42[\"door.input.dps.opened\",{\"topic\":\"x\"}]")]
    [InlineData("42/admin,17[\"a\",1]")]
    [InlineData("40")]
    [InlineData("44\"Authentication error\"")]
    [InlineData("3probe")]
    public void Well_formed_and_other_packets_pass(string packet)
    {
        Assert.Null(PluginRuntime.Drivers.Pdk.Connection.WellFormedPacketFilter.Problem(packet));
    }
}
