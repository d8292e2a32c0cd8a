using System.Text.Json.Nodes;
using PluginRuntime.Sdk.Metadata;
using PluginRuntime.Sdk.Protocols;
using PluginRuntime.Sdk.Testing;

namespace PluginRuntime.Sdk.Tests.Protocols;

public sealed class SpecMethodsTests
{
    [Fact]
    public void Every_callable_outbound_message_becomes_a_method_with_its_body_fields_as_parameters()
    {
        var methods = SpecMethods.For(ProtocolSpec.Parse(SpecYaml.Lamp, "lamp.yaml"), (_, _, _) => ValueTask.FromResult<JsonNode?>(null));

        Assert.Equal(["set_level", "lamp_blink"], methods.Select(m => m.Name));
        var setLevel = methods[0];
        Assert.Equal(["level", "fade_time"], setLevel.Parameters.Select(p => p.Name));
        Assert.Equal(SecurityLevel.Support, setLevel.Security);
        Assert.Equal("Sets the level. 0 is off.", setLevel.Description);
        Assert.Equal(["times"], methods[1].Parameters.Select(p => p.Name));
    }

    [Fact]
    public async Task Calling_a_method_hands_the_message_and_the_arguments_under_their_spec_names_to_the_sender()
    {
        await using var harness = await DriverHarness<SpecDriver>.StartAsync();

        var result = await harness.ExecJson("set_level", "[40, 2.5]").WithTimeout("the set_level call");

        var sent = Assert.Single(harness.Driver.Sent);
        Assert.Equal("lamp.set_level", sent.Message.Name);
        Assert.Equal("""{"level":40,"fadeTime":2.5}""", sent.Arguments.ToJsonString());
        Assert.Equal("sent lamp.set_level", result.GetString());
    }

    [Fact]
    public async Task Arguments_outside_the_schema_are_refused_before_anything_is_sent()
    {
        await using var harness = await DriverHarness<SpecDriver>.StartAsync();

        var error = await Assert.ThrowsAsync<ArgumentBindingException>(() => harness.ExecJson("set_level", """{"level": 101}""")).WithTimeout("the refused call");

        Assert.Equal("Arguments of 'set_level' don't fit the 'lamp.set_level' message: argument 'level': should be at most 100, but got 101.", error.Message);
        Assert.Empty(harness.Driver.Sent);
    }

    [Fact]
    public async Task A_wrong_json_type_is_refused_by_binding_naming_the_parameter()
    {
        await using var harness = await DriverHarness<SpecDriver>.StartAsync();

        var error = await Assert.ThrowsAsync<ArgumentBindingException>(() => harness.ExecJson("lamp_blink", """["twice"]""")).WithTimeout("the refused call");

        Assert.Contains("'times'", error.Message, StringComparison.Ordinal);
        Assert.Empty(harness.Driver.Sent);
    }

    [Fact]
    public async Task Declaring_again_from_a_changed_spec_adds_the_new_command()
    {
        await using var harness = await DriverHarness<SpecDriver>.StartAsync();
        string changed = SpecYaml.Lamp.Replace("      hello:\n",
            "      dim:\n        name: lamp.dim\n        payload: { type: object, properties: { step: { type: integer } } }\n      hello:\n",
            StringComparison.Ordinal);

        harness.Driver.Use(ProtocolSpec.Parse(changed, "lamp.yaml"));
        await harness.ExecJson("lamp_dim", """{"step": 2}""").WithTimeout("the new method");

        Assert.Equal("lamp.dim", Assert.Single(harness.Driver.Sent).Message.Name);
    }
}
