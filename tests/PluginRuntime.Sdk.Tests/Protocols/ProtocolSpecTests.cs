using System.Text.Json;
using System.Text.Json.Nodes;
using PluginRuntime.Sdk.Protocols;

namespace PluginRuntime.Sdk.Tests.Protocols;

public sealed class ProtocolSpecTests
{
    [Fact]
    public void Send_operations_are_inbound_and_receive_operations_are_outbound()
    {
        var spec = ProtocolSpec.Parse(SpecYaml.Lamp, "lamp.yaml");

        Assert.Equal("Lamp protocol", spec.Title);
        Assert.Equal("2.1.0", spec.Version);
        Assert.Equal(["lamp.state"], spec.Inbound.Select(m => m.Name));
        Assert.Equal(["lamp.set_level", "lamp.blink", "hello"], spec.Outbound.Select(m => m.Name));
        Assert.True(spec.TryGetInbound("lamp.state", out var state));
        Assert.Equal("The lamp's state.", state.Summary);
        Assert.False(spec.TryGetInbound("lamp.set_level", out _));
        Assert.True(spec.TryGetOutbound("lamp.blink", out var blink));
        Assert.Equal("command", blink.ChannelAddress);
        Assert.Null(state.ChannelAddress);
    }

    [Fact]
    public void Refs_in_payloads_are_resolved_into_the_schema()
    {
        var spec = ProtocolSpec.Parse(SpecYaml.Lamp, "lamp.yaml");
        spec.TryGetInbound("lamp.state", out var state);

        var level = state.PayloadSchema!["properties"]!["level"]!;
        Assert.Equal("integer", level["type"]!.GetValue<string>());
        Assert.Equal(100, level["maximum"]!.GetValue<long>());
        Assert.DoesNotContain("$ref", state.PayloadSchema.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Method_names_come_from_x_method_or_the_message_name_and_x_method_false_makes_none()
    {
        var spec = ProtocolSpec.Parse(SpecYaml.Lamp, "lamp.yaml");

        Assert.Equal(["set_level", "lamp_blink", null], spec.Outbound.Select(m => m.MethodName));
        Assert.Equal(SecurityLevel.Support, spec.Outbound[0].Security);
    }

    [Fact]
    public void Arguments_are_the_body_fields_or_the_payload_fields_without_the_driver_filled_ones()
    {
        var spec = ProtocolSpec.Parse(SpecYaml.Lamp, "lamp.yaml");
        spec.TryGetOutbound("lamp.blink", out var blink);
        spec.TryGetOutbound("lamp.set_level", out var setLevel);

        Assert.Equal(["times"], ((JsonObject)blink.ArgumentsSchema["properties"]!).Select(p => p.Key));
        Assert.Equal(["level", "fadeTime"], ((JsonObject)setLevel.ArgumentsSchema["properties"]!).Select(p => p.Key));
        Assert.Equal(["level"], setLevel.ArgumentsSchema["required"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    [Fact]
    public void Validate_names_the_path_of_each_non_conforming_value()
    {
        var spec = ProtocolSpec.Parse(SpecYaml.Lamp, "lamp.yaml");
        spec.TryGetInbound("lamp.state", out var state);

        Assert.Empty(state.Validate(Json("""{"level": 40, "mode": "auto"}""")));
        Assert.Equal(["$.level: should be at most 100, but got 140.", "$.mode: should be one of \"auto\", \"manual\", but got string \"party\"."],
            state.Validate(Json("""{"level": 140, "mode": "party"}""")));
        Assert.Equal(["$.level: is required but missing."], state.Validate(Json("{}")));
    }

    [Fact]
    public void Inbound_messages_can_be_matched_by_content()
    {
        var spec = ProtocolSpec.Parse(SpecYaml.Lamp, "lamp.yaml");

        Assert.True(spec.TryMatchInbound(Json("""{"level": 3}"""), out var matched));
        Assert.Equal("lamp.state", matched.Name);
        Assert.False(spec.TryMatchInbound(Json("""{"level": "high"}"""), out _));
    }

    [Fact]
    public void The_pdk_spec_declares_every_event_and_command_of_the_seed()
    {
        var spec = ProtocolSpec.Load(SpecYaml.RepoFile("specs/pdk-streaming.asyncapi.yaml"));

        string[] events =
        [
            "command.result.succeed", "door.alarm.forced", "door.alarm.forced.cleared", "door.alarm.propped.off",
            "door.alarm.propped.on", "door.forceclose.off", "door.forceclose.on", "door.input.dps.closed",
            "door.input.dps.opened", "door.input.relay.off", "door.input.relay.on", "door.input.rex.off",
            "door.input.rex.on", "door.request.allowed", "door.request.denied", "door.request.unknown",
            "endpoint.discovered", "endpoint.signal", "liveEvent", "migration.completed", "migration.staged",
            "migration.started", "migration.task.completed", "migration.task.started", "serverError", "invalidToken",
        ];
        string[] commands =
        [
            "door.actuate.close", "door.actuate.dnd", "door.actuate.forcetoggle", "door.actuate.open",
            "door.alarm.forced.clear", "door.try.dwellopen", "door.try.open", "endpoint.discover", "endpoint.querysignal",
            "renewedToken",
        ];
        Assert.Equal(events.Order(), spec.Inbound.Select(m => m.Name).Order());
        Assert.Equal(commands.Order(), spec.Outbound.Select(m => m.Name).Order());
    }

    [Fact]
    public void The_pdk_spec_accepts_the_seed_examples_and_refuses_wrong_types()
    {
        var spec = ProtocolSpec.Load(SpecYaml.RepoFile("specs/pdk-streaming.asyncapi.yaml"));
        spec.TryGetInbound("door.request.allowed", out var allowed);
        spec.TryGetOutbound("door.try.dwellopen", out var dwell);

        const string seedExample = """
            {"id": "0153463f-d9ba-435f-b099-60f2b7c8d7e3", "topic": "door.request.allowed",
             "body": {"doorId": 1, "personId": 1, "requestFactor": "PIN_ONLY",
                      "person": {"id": 1, "firstName": "Postman", "lastName": "Test", "enabled": true, "partition": 0,
                                 "activeDate": null, "expireDate": null, "metadata": {}},
                      "door": {"id": 1, "name": "Postman Test", "port": 1, "metadata": {}, "connection": 1, "partitions": [0]}},
             "occurred": "2023-05-03 19:04:55",
             "metadata": {"occurred": 1683165895729, "doorName": "Postman Test", "personName": "Postman Test"}}
            """;
        Assert.Empty(allowed.Validate(Json(seedExample)));
        Assert.Equal(["$.body.doorId: should be an integer, but got string \"1\"."],
            allowed.Validate(Json("""{"topic": "door.request.allowed", "body": {"doorId": "1"}}""")));
        Assert.Empty(dwell.Validate(Json("""{"id": "c1", "topic": "door.try.dwellopen", "body": {"doorId": 6, "dwell": 30}}""")));
    }

    [Fact]
    public void Every_spec_in_the_specs_folder_can_be_read_for_use()
    {
        var files = Directory.GetFiles(SpecYaml.RepoFile("specs"), "*.yaml");

        Assert.NotEmpty(files);
        Assert.All(files, file => Assert.NotEmpty(ProtocolSpec.Load(file).Inbound));
    }

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();
}
