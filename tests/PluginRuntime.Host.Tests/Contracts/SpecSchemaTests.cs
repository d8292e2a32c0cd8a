using PluginRuntime.Host.Tests.Contracts.Support;

namespace PluginRuntime.Host.Tests.Contracts;

/// <summary>
/// The contract checks can fail: messages that break the specs are rejected (and their correct twins accepted), and
/// each spec's own examples conform to it.
/// </summary>
public sealed class SpecSchemaTests
{
    private const string Control = "placeos-control-websocket.asyncapi.yaml";
    private const string Mqtt = "placeos-mqtt.asyncapi.yaml";

    private const string Meta = """{"sys":"sys-1","mod":"Echo","index":1,"name":"power"}""";

    [Theory]
    [InlineData("bindSuccess", $$$"""{"id":1,"type":"success","meta":{{{Meta}}}}""", true)]
    [InlineData("bindSuccess", $$$"""{"id":1,"type":"success","meta":{{{Meta}}},"extra":1}""", false)]
    [InlineData("bindSuccess", """{"id":1,"type":"success","meta":{"sys":"sys-1","mod":"Echo","index":1}}""", false)]
    [InlineData("execSuccess", $$$"""{"id":"a","type":"success","meta":{{{Meta}}},"value":{"x":[1]}}""", true)]
    [InlineData("execSuccess", $$$"""{"id":"a","type":"success","meta":{{{Meta}}}}""", false)]
    [InlineData("notify", $$$"""{"id":2,"type":"notify","meta":{{{Meta}}},"value":null}""", true)]
    [InlineData("notify", $$$"""{"id":{"n":2},"type":"notify","meta":{{{Meta}}},"value":1}""", false)]
    [InlineData("notify", """{"id":2,"type":"notify","meta":{"sys":"sys-1","mod":"Echo","index":0,"name":"power"},"value":1}""", false)]
    [InlineData("debugSuccess", """{"id":4,"type":"success","mod_id":"mod-1","meta":{"sys":null,"mod":"mod-1","index":1}}""", true)]
    [InlineData("debugSuccess", """{"id":4,"type":"success","meta":{"sys":"sys-1","mod":"Echo","index":1}}""", false)]
    [InlineData("ignoreSuccess", """{"id":5,"type":"success"}""", true)]
    [InlineData("ignoreSuccess", """{"id":5,"type":"ok"}""", false)]
    [InlineData("debugLine", """{"type":"debug","mod":"mod-1","klass":"K","level":"warn","msg":"m"}""", true)]
    [InlineData("debugLine", """{"type":"debug","mod":"mod-1","klass":"K","level":"verbose","msg":"m"}""", false)]
    [InlineData("error", """{"id":null,"type":"error","code":3,"error_code":3,"msg":"m"}""", true)]
    [InlineData("error", """{"id":1,"type":"error","code":3,"error_code":4,"msg":"m"}""", false)]
    [InlineData("error", """{"id":1,"type":"error","code":8,"error_code":8,"msg":"m"}""", false)]
    [InlineData("error", """{"id":1,"type":"error","code":1,"error_code":1}""", false)]
    [InlineData("error", """{"id":1,"type":"error","code":"1","error_code":1,"msg":"m"}""", false)]
    [InlineData("pong", "pong", true)]
    [InlineData("pong", "PONG", false)]
    public async Task Control_websocket_messages_that_break_the_spec_fail_validation(string message, string wire, bool conforms)
    {
        var spec = await AsyncApiSpec.LoadAsync(Control);
        Assert.True(spec.Violations(message, wire).Count == 0 == conforms,
            $"{message} {(conforms ? "should" : "should not")} accept {wire}: {string.Join("; ", spec.Violations(message, wire))}");
    }

    [Theory]
    [InlineData("stateChange", """{"time":1763790000000,"value":{"a":[1,"x"]}}""", true)]
    [InlineData("stateChange", """{"time":"1763790000000","value":1}""", false)]
    [InlineData("stateChange", """{"value":1}""", false)]
    [InlineData("stateChange", """{"time":1,"value":1,"extra":true}""", false)]
    [InlineData("cleared", "", true)]
    [InlineData("cleared", "null", false)]
    [InlineData("zoneMetadata", """{"name":"Level 3","tags":["level"],"parent_id":null}""", true)]
    [InlineData("zoneMetadata", """{"name":"Level 3"}""", false)]
    [InlineData("driverMetadata", """{"name":"Echo","module_name":null,"description":null}""", true)]
    [InlineData("driverMetadata", """{"name":1,"module_name":null,"description":null}""", false)]
    public async Task Mqtt_messages_that_break_the_spec_fail_validation(string message, string wire, bool conforms)
    {
        var spec = await AsyncApiSpec.LoadAsync(Mqtt);
        Assert.True(spec.Violations(message, wire).Count == 0 == conforms,
            $"{message} {(conforms ? "should" : "should not")} accept '{wire}': {string.Join("; ", spec.Violations(message, wire))}");
    }

    [Theory]
    [InlineData(Control)]
    [InlineData(Mqtt)]
    public async Task Every_example_in_a_spec_conforms_to_its_message(string file)
    {
        var spec = await AsyncApiSpec.LoadAsync(file);
        int examples = 0;
        foreach (var (name, message) in spec.Document["components"]!["messages"]!.AsObject())
        {
            foreach (var example in message!["examples"]?.AsArray() ?? [])
            {
                spec.AssertConforms(name, example!["payload"]!.ToJsonString());
                examples++;
            }
        }
        Assert.True(examples >= 5, $"{file} should show examples of its messages");
    }

    [Fact]
    public async Task Mqtt_topics_fit_the_channel_addresses_and_bind_their_parameters()
    {
        var spec = await AsyncApiSpec.LoadAsync(Mqtt);

        var (channel, parameters) = spec.ChannelFor("placeos/org-1/state/_/lvl-3/_/sys-a/drv-echo/Display/2/power");
        Assert.Equal("state", channel);
        Assert.Equal(("org-1", "_", "lvl-3", "Display", "2", "power"),
            (parameters["org"], parameters["bld"], parameters["lvl"], parameters["mod"], parameters["idx"], parameters["state"]));
        Assert.Equal("metadata", spec.ChannelFor("placeos/org-1/metadata/zone-1").Channel);
        Assert.ThrowsAny<Exception>(() => spec.ChannelFor("placeos/org-1/state/sys-a/power"));
    }
}
