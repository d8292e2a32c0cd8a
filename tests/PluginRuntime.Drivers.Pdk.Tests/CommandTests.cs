using System.Text.Json.Nodes;
using PluginRuntime.Drivers.Pdk.Tests.Support;
using PluginRuntime.Sdk.Commands;
using PluginRuntime.Sdk.Metadata;

namespace PluginRuntime.Drivers.Pdk.Tests;

public sealed class CommandTests
{
    [Theory]
    [InlineData("open", "[1]", "door.actuate.open", """{"doorId":1}""")]
    [InlineData("close", "[1]", "door.actuate.close", """{"doorId":1}""")]
    [InlineData("try_open", "[2]", "door.try.open", """{"doorId":2}""")]
    [InlineData("dwell_open", "[6, 30]", "door.try.dwellopen", """{"doorId":6,"dwell":30}""")]
    [InlineData("force_toggle", "[1]", "door.actuate.forcetoggle", """{"doorId":1}""")]
    [InlineData("toggle_dnd", "[1]", "door.actuate.dnd", """{"doorId":1}""")]
    [InlineData("clear_forced_alarm", "[1]", "door.alarm.forced.clear", """{"doorId":1}""")]
    [InlineData("discover_endpoints", "[]", "endpoint.discover", "{}")]
    [InlineData("query_signal", """{"io_link_id": 1, "address": "0013a200400a393b", "actuate_relay": false, "relay_dwell": 5}""", "endpoint.querysignal", """{"ioLinkId":1,"address":"0013a200400a393b","actuateRelay":false,"relayDwell":5}""")]
    public async Task Each_command_sends_its_message_and_resolves_when_the_panel_confirms_its_id(string method, string args, string topic, string body)
    {
        await using var harness = await PdkHarness.StartAsync();

        var call = harness.ExecJson(method, args);
        var (eventName, payload) = await harness.Driver.Panel.NextEmitAsync($"the {topic} command");
        Assert.False(call.IsCompleted);
        string id = payload["id"]!.GetValue<string>();
        harness.Driver.Panel.Deliver("command.result.succeed", PdkEvents.Succeeded(id));
        var result = await call.WithTimeout($"{method} to resolve");

        Assert.Equal("command", eventName);
        Assert.Equal(topic, payload["topic"]!.GetValue<string>());
        Assert.Equal(body, payload["body"]!.ToJsonString());
        Assert.Equal(["id", "topic", "body"], payload.Select(p => p.Key));
        Assert.Equal(id, result.GetProperty("command_id").GetString());
    }

    [Fact]
    public async Task A_confirmation_for_another_command_does_not_resolve_it()
    {
        await using var harness = await PdkHarness.StartAsync();

        var first = harness.Exec("open", 1);
        var (_, firstPayload) = await harness.Driver.Panel.NextEmitAsync("the first command");
        var second = harness.Exec("close", 1);
        var (_, secondPayload) = await harness.Driver.Panel.NextEmitAsync("the second command");
        harness.Driver.Panel.Deliver("command.result.succeed", PdkEvents.Succeeded(secondPayload["id"]!.GetValue<string>()));
        await second.WithTimeout("the confirmed command");

        Assert.False(first.IsCompleted);
        harness.Driver.Panel.Deliver("command.result.succeed", PdkEvents.Succeeded(firstPayload["id"]!.GetValue<string>()));
        await first.WithTimeout("the first command once confirmed");
    }

    [Fact]
    public async Task A_server_error_fails_the_command_waiting_longest_with_the_servers_message()
    {
        await using var harness = await PdkHarness.StartAsync();

        var call = harness.Exec("open", 99);
        await harness.Driver.Panel.NextEmitAsync("the open command");
        harness.Driver.Panel.Deliver("serverError", """{"message": "Door 99 not found."}""");

        var error = await Assert.ThrowsAsync<CommandFailedException>(() => call).WithTimeout("the failed command");
        Assert.Equal("The panel refused 'door.actuate.open': Door 99 not found.", error.Message);
    }

    [Fact]
    public async Task A_command_the_panel_never_confirms_times_out_on_the_drivers_clock()
    {
        await using var harness = await PdkHarness.StartAsync();

        var call = harness.Exec("try_open", 1);
        var (_, payload) = await harness.Driver.Panel.NextEmitAsync("the try_open command");
        harness.Time.Advance(TimeSpan.FromSeconds(9.9));
        Assert.False(call.IsCompleted);
        harness.Time.Advance(TimeSpan.FromSeconds(0.1));

        var error = await Assert.ThrowsAsync<CommandTimeoutException>(() => call).WithTimeout("the timeout");
        Assert.Equal($"The panel did not confirm 'door.try.open' (command {payload["id"]}) within 10 s.", error.Message);
    }

    [Fact]
    public async Task Arguments_outside_the_specs_schema_are_refused_and_nothing_is_sent()
    {
        await using var harness = await PdkHarness.StartAsync();

        var wrongType = await Assert.ThrowsAsync<ArgumentBindingException>(() => harness.ExecJson("dwell_open", """[1, "long"]""")).WithTimeout("the refused call");
        var outOfRange = await Assert.ThrowsAsync<ArgumentBindingException>(() => harness.ExecJson("dwell_open", "[1, 0]")).WithTimeout("the refused call");
        var badAddress = await Assert.ThrowsAsync<ArgumentBindingException>(() => harness.ExecJson("query_signal", """[1, "nope"]""")).WithTimeout("the refused call");

        Assert.Contains("'dwell'", wrongType.Message, StringComparison.Ordinal);
        Assert.Contains("argument 'dwell': should be at least 1, but got 0.", outOfRange.Message, StringComparison.Ordinal);
        Assert.Contains("argument 'address': should match the pattern", badAddress.Message, StringComparison.Ordinal);
        Assert.False(harness.Driver.Panel.HasEmitted);
    }

    [Fact]
    public async Task The_dwell_open_method_explains_its_tenths_of_a_second_unit()
    {
        await using var harness = await PdkHarness.StartAsync();

        var method = harness.Driver.DeclaredMethods.Single(m => m.Name == "dwell_open");

        Assert.Contains("units of 0.1 seconds: 30 keeps the door open for 3 seconds", method.Description, StringComparison.Ordinal);
        Assert.Contains("0.1 seconds", method.Schema.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(["door_id", "dwell"], method.Parameters.Select(p => p.Name));
    }

    [Fact]
    public async Task Toggling_dnd_flips_the_doors_dnd_once_the_panel_confirms()
    {
        await using var harness = await PdkHarness.StartAsync();

        for (int i = 0; i < 2; i++)
        {
            var call = harness.Exec("toggle_dnd", 3);
            var (_, payload) = await harness.Driver.Panel.NextEmitAsync("the dnd command");
            harness.Driver.Panel.Deliver("command.result.succeed", PdkEvents.Succeeded(payload["id"]!.GetValue<string>()));
            await call.WithTimeout("the dnd command");
            Assert.Equal(i == 0, harness.Status["door_3"]!.Value.GetProperty("dnd").GetBoolean());
        }
    }

    [Fact]
    public async Task Unlock_is_a_try_open_that_waits_for_the_confirmation()
    {
        await using var harness = await PdkHarness.StartAsync();

        var call = harness.Exec("unlock", "5");
        var (_, payload) = await harness.Driver.Panel.NextEmitAsync("the unlock command");
        harness.Driver.Panel.Deliver("command.result.succeed", PdkEvents.Succeeded(payload["id"]!.GetValue<string>()));
        await call.WithTimeout("unlock");

        Assert.Equal("door.try.open", payload["topic"]!.GetValue<string>());
        Assert.Equal("""{"doorId":5}""", payload["body"]!.ToJsonString());
        await Assert.ThrowsAsync<ArgumentException>(() => harness.Exec("unlock", "front")).WithTimeout("the refused unlock");
    }

    [Fact]
    public async Task A_command_while_disconnected_fails_at_once_and_a_dropped_connection_fails_the_waiting_ones()
    {
        await using var harness = await PdkHarness.StartAsync();
        var waiting = harness.Exec("open", 1);
        await harness.Driver.Panel.NextEmitAsync("the open command");

        harness.Driver.Panel.Drop("transport close");

        var dropped = await Assert.ThrowsAsync<CommandFailedException>(() => waiting).WithTimeout("the waiting command");
        Assert.Contains("dropped (transport close)", dropped.Message, StringComparison.Ordinal);
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => harness.Exec("open", 1)).WithTimeout("the refused command");
        Assert.Contains("Not connected to the PDK panel", refused.Message, StringComparison.Ordinal);
    }
}
