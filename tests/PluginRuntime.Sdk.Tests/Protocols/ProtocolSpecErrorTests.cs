using PluginRuntime.Sdk.Protocols;

namespace PluginRuntime.Sdk.Tests.Protocols;

public sealed class ProtocolSpecErrorTests
{
    [Fact]
    public void Invalid_yaml_is_reported_with_file_line_and_column()
    {
        var error = Assert.Throws<ProtocolSpecException>(() => ProtocolSpec.Parse("asyncapi: 3.0.0\ninfo: [unclosed\n", "bad.yaml"));

        Assert.StartsWith("bad.yaml:", error.Message, StringComparison.Ordinal);
        Assert.Contains("not valid YAML", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_document_that_is_not_asyncapi_3_is_refused()
    {
        var error = Assert.Throws<ProtocolSpecException>(() => ProtocolSpec.Parse("asyncapi: 2.6.0\ninfo: {title: x}\n", "old.yaml"));

        Assert.Equal("old.yaml:1:11: AsyncAPI version '2.6.0' is not supported; write the spec as AsyncAPI 3.0 ('asyncapi: 3.0.0').", error.Message);
    }

    [Fact]
    public void A_ref_to_nothing_names_its_position_and_the_missing_segment()
    {
        string yaml = SpecYaml.Lamp.Replace("'#/components/schemas/Level' }\n          mode", "'#/components/schemas/Lvl' }\n          mode", StringComparison.Ordinal);

        var error = Assert.Throws<ProtocolSpecException>(() => ProtocolSpec.Parse(yaml, "lamp.yaml"));

        Assert.Equal("lamp.yaml:48:26: $ref '#/components/schemas/Lvl' points at nothing: 'Lvl' is not there.", error.Message);
    }

    [Fact]
    public void External_and_circular_refs_are_refused()
    {
        string external = SpecYaml.Lamp.Replace("'#/components/schemas/Level' }\n          mode", "'other.yaml#/Level' }\n          mode", StringComparison.Ordinal);
        string circular = SpecYaml.Lamp.Replace("Level: { type: integer, minimum: 0, maximum: 100 }", "Level: { $ref: '#/components/schemas/Level' }", StringComparison.Ordinal);

        Assert.Contains("is not local", Assert.Throws<ProtocolSpecException>(() => ProtocolSpec.Parse(external, "x.yaml")).Message, StringComparison.Ordinal);
        Assert.Contains("refers to itself", Assert.Throws<ProtocolSpecException>(() => ProtocolSpec.Parse(circular, "x.yaml")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_schema_keyword_the_validator_does_not_check_is_refused_rather_than_ignored()
    {
        string yaml = SpecYaml.Lamp.Replace("mode: { enum: [auto, manual] }", "mode: { uniqueItems: true }", StringComparison.Ordinal);

        var error = Assert.Throws<ProtocolSpecException>(() => ProtocolSpec.Parse(yaml, "lamp.yaml"));

        Assert.StartsWith("lamp.yaml:49:32:", error.Message, StringComparison.Ordinal);
        Assert.Contains("message 'lamp.state' payload.mode: JSON Schema keyword 'uniqueItems' is not supported", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_operation_action_other_than_send_or_receive_is_refused()
    {
        string yaml = SpecYaml.Lamp.Replace("action: send", "action: publish", StringComparison.Ordinal);

        var error = Assert.Throws<ProtocolSpecException>(() => ProtocolSpec.Parse(yaml, "lamp.yaml"));

        Assert.Equal("lamp.yaml:34:13: operation 'lampSends' has action 'publish'; it must be 'send' or 'receive'.", error.Message);
    }

    [Fact]
    public void A_missing_file_is_a_spec_error_naming_the_file()
    {
        string path = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.yaml");

        var error = Assert.Throws<ProtocolSpecException>(() => ProtocolSpec.Load(path));

        Assert.StartsWith($"{path}:1:1: cannot read the spec file", error.Message, StringComparison.Ordinal);
    }
}
