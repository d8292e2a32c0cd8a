using System.Text.Json;
using PluginRuntime.Drivers.Pdk.Tests.Support;

namespace PluginRuntime.Drivers.Pdk.Tests;

public sealed class DoorEventTests
{
    [Theory]
    [InlineData("door.input.dps.opened", "open", true)]
    [InlineData("door.input.dps.closed", "open", false)]
    [InlineData("door.input.relay.on", "relay", true)]
    [InlineData("door.input.relay.off", "relay", false)]
    [InlineData("door.input.rex.on", "rex", true)]
    [InlineData("door.input.rex.off", "rex", false)]
    [InlineData("door.alarm.forced", "forced_alarm", true)]
    [InlineData("door.alarm.propped.on", "propped_alarm", true)]
    [InlineData("door.forceclose.on", "force_close", true)]
    [InlineData("door.forceclose.off", "force_close", false)]
    public async Task Each_door_event_sets_its_field_of_the_door_status(string topic, string field, bool expected)
    {
        await using var harness = await PdkHarness.StartAsync();

        harness.Driver.Panel.Deliver(topic, PdkEvents.Door(topic, doorId: 4, name: "Loading Bay"));

        var door = harness.Status["door_4"]!.Value;
        Assert.Equal(expected, door.GetProperty(field).GetBoolean());
        Assert.Equal("Loading Bay", door.GetProperty("name").GetString());
        Assert.Equal(topic, door.GetProperty("last_event").GetString());
        Assert.Equal(topic, harness.Status["last_event"]!.Value.GetProperty("topic").GetString());
        Assert.Equal(4, harness.Status["last_event"]!.Value.GetProperty("door_id").GetInt32());
    }

    [Theory]
    [InlineData("door.alarm.forced", "door.alarm.forced.cleared", "forced_alarm")]
    [InlineData("door.alarm.propped.on", "door.alarm.propped.off", "propped_alarm")]
    public async Task An_alarm_clears_with_its_clearing_event(string raise, string clear, string field)
    {
        await using var harness = await PdkHarness.StartAsync();

        harness.Driver.Panel.Deliver(raise, PdkEvents.Door(raise));
        Assert.True(harness.Status["door_1"]!.Value.GetProperty(field).GetBoolean());
        harness.Driver.Panel.Deliver(clear, PdkEvents.Door(clear));

        Assert.False(harness.Status["door_1"]!.Value.GetProperty(field).GetBoolean());
    }

    [Fact]
    public async Task Access_requests_record_the_person_and_result_on_the_door_and_in_last_access()
    {
        await using var harness = await PdkHarness.StartAsync();

        harness.Driver.Panel.Deliver("door.request.allowed", PdkEvents.Allowed("a-1"));
        var allowed = harness.Status["last_access"]!.Value;
        harness.Driver.Panel.Deliver("door.request.denied", PdkEvents.Denied("d-1"));
        harness.Driver.Panel.Deliver("door.request.unknown", PdkEvents.Unknown("u-1"));

        Assert.Equal("allowed", allowed.GetProperty("result").GetString());
        Assert.Equal("Ada Lovelace", allowed.GetProperty("person_name").GetString());
        Assert.Equal(7, allowed.GetProperty("person_id").GetInt32());
        Assert.Equal("PIN_ONLY", allowed.GetProperty("request_factor").GetString());
        var denied = harness.Status["door_2"]!.Value.GetProperty("last_access");
        Assert.Equal("denied", denied.GetProperty("result").GetString());
        Assert.Equal("Grace Hopper", denied.GetProperty("person_name").GetString());
        var unknown = harness.Status["last_access"]!.Value;
        Assert.Equal("unknown", unknown.GetProperty("result").GetString());
        Assert.Equal(JsonValueKind.Null, unknown.GetProperty("person_id").ValueKind);
        Assert.Equal("Server Room", unknown.GetProperty("door_name").GetString());
        // Every access event is a change of last_access, so a subscriber sees each one.
        Assert.Equal(["a-1", "d-1", "u-1"], harness.Status.Changes.Where(c => c.Key == "last_access").Select(c => c.Value!.Value.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Discovered_endpoints_and_their_signal_strength_are_listed()
    {
        await using var harness = await PdkHarness.StartAsync();

        harness.Driver.Panel.Deliver("endpoint.discovered", """
            {"topic": "endpoint.discovered", "body": {"ioLinkId": 1, "address": "0013a200400a393b", "ioLinkType": "wirelessCoordinator",
             "ioLinkName": "wimac", "doors": [{"id": 1, "port": 1, "name": "Postman Test"}]}}
            """);
        harness.Driver.Panel.Deliver("endpoint.signal", """
            {"topic": "endpoint.signal", "body": {"ioLinkId": 1, "address": "0013a200400a393b", "dbGain": 40}, "occurred": "2023-05-04 18:43:48"}
            """);

        var endpoint = Assert.Single(harness.Status["endpoints"]!.Value.EnumerateArray());
        Assert.Equal("wimac", endpoint.GetProperty("name").GetString());
        Assert.Equal("wirelessCoordinator", endpoint.GetProperty("type").GetString());
        Assert.Equal(40, endpoint.GetProperty("db_gain").GetDouble());
        Assert.Equal([1], endpoint.GetProperty("doors").EnumerateArray().Select(d => d.GetInt32()));
        Assert.Equal("Postman Test", harness.Status["door_1"]!.Value.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Live_events_migrations_and_server_errors_are_reported()
    {
        await using var harness = await PdkHarness.StartAsync();

        harness.Driver.Panel.Deliver("liveEvent", """
            {"info": "Person \"%s\" has requested access to the device \"%s\". Access allowed.", "occurred": "2023-05-03 19:20:50",
             "topic": "door.request.allowed", "placeholders": [{"text": "Ada Lovelace", "id": 1, "type": "person"}, {"text": "Front Door", "id": 1, "type": "door"}], "photo": null}
            """);
        Assert.Equal("Person \"Ada Lovelace\" has requested access to the device \"Front Door\". Access allowed.",
            harness.Status["live_event"]!.Value.GetProperty("text").GetString());

        harness.Driver.Panel.Deliver("migration.started", null);
        Assert.Equal("started", harness.Status["migration"]!.Value.GetProperty("state").GetString());
        harness.Driver.Panel.Deliver("migration.task.started", """{"task": "EXPORT_LEGACY_DATA"}""");
        Assert.Equal("EXPORT_LEGACY_DATA", harness.Status["migration"]!.Value.GetProperty("task").GetString());
        harness.Driver.Panel.Deliver("migration.task.completed", """{"task": "CREATE_SYSTEM"}""");
        harness.Driver.Panel.Deliver("migration.staged", """{"systemId": "ea5df7cb"}""");
        harness.Driver.Panel.Deliver("migration.completed", """{"systemId": "ea5df7cb"}""");
        Assert.Equal("completed", harness.Status["migration"]!.Value.GetProperty("state").GetString());
        Assert.Equal("ea5df7cb", harness.Status["migration"]!.Value.GetProperty("system_id").GetString());

        harness.Driver.Panel.Deliver("serverError", """{"message": "Command is not supported."}""");
        Assert.Equal("Command is not supported.", harness.Status.Get<string>("last_error"));
    }

    [Fact]
    public async Task The_door_list_and_the_doors_status_follow_the_doors_seen()
    {
        await using var harness = await PdkHarness.StartAsync();

        harness.Driver.Panel.Deliver("door.input.dps.opened", PdkEvents.Door("door.input.dps.opened", 2, "Back Door"));
        harness.Driver.Panel.Deliver("door.alarm.forced", PdkEvents.Door("door.alarm.forced", 1, "Front Door"));

        var doors = await harness.Exec("list_doors").WithTimeout("list_doors");
        Assert.Equal("""[{"id":"1","name":"Front Door","open":null,"unlocked":null,"alarm":true},{"id":"2","name":"Back Door","open":true,"unlocked":null,"alarm":false}]""",
            doors.GetRawText());
        Assert.Equal("""[{"id":1,"name":"Front Door"},{"id":2,"name":"Back Door"}]""", harness.Status["doors"]!.Value.GetRawText());
    }
}
