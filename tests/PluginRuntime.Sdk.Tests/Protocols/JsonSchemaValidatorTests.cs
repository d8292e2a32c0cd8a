using System.Text.Json;
using System.Text.Json.Nodes;
using PluginRuntime.Sdk.Protocols;

namespace PluginRuntime.Sdk.Tests.Protocols;

public sealed class JsonSchemaValidatorTests
{
    [Theory]
    [InlineData("""{"type": "integer"}""", "3", null)]
    [InlineData("""{"type": "integer"}""", "3.5", "$: should be an integer, but got number 3.5.")]
    [InlineData("""{"type": ["string", "null"]}""", "null", null)]
    [InlineData("""{"type": ["string", "null"]}""", "true", "$: should be a string or null, but got boolean true.")]
    [InlineData("""{"const": "door.try.open"}""", "\"door.try.open\"", null)]
    [InlineData("""{"const": "door.try.open"}""", "\"door.open\"", "$: should be \"door.try.open\", but got string \"door.open\".")]
    [InlineData("""{"enum": [1, 2]}""", "3", "$: should be one of 1, 2, but got number 3.")]
    [InlineData("""{"minimum": 1, "maximum": 5}""", "0", "$: should be at least 1, but got 0.")]
    [InlineData("""{"minimum": 1, "maximum": 5}""", "6", "$: should be at most 5, but got 6.")]
    [InlineData("""{"minLength": 2, "maxLength": 3}""", "\"a\"", "$: should be at least 2 characters long, but is 1.")]
    [InlineData("""{"minLength": 2, "maxLength": 3}""", "\"abcd\"", "$: should be at most 3 characters long, but is 4.")]
    [InlineData("""{"pattern": "^[0-9a-f]{4}$"}""", "\"00zz\"", "$: should match the pattern ^[0-9a-f]{4}$, but got \"00zz\".")]
    [InlineData("""{"items": {"type": "integer"}, "maxItems": 3}""", "[1, \"x\"]", "$[1]: should be an integer, but got string \"x\".")]
    [InlineData("""{"items": {"type": "integer"}, "maxItems": 1}""", "[1, 2]", "$: should have at most 1 items, but has 2.")]
    [InlineData("""{"properties": {"a": {"type": "string"}}, "additionalProperties": false}""", """{"a": "x", "b": 1}""", "$.b: is not an allowed property.")]
    [InlineData("""{"properties": {"a": {}}, "additionalProperties": {"type": "string"}}""", """{"a": 1, "b": 1}""", "$.b: should be a string, but got number 1.")]
    [InlineData("""{"required": ["my key"]}""", "{}", "$[\"my key\"]: is required but missing.")]
    [InlineData("""{"anyOf": [{"type": "string"}, {"type": "integer"}]}""", "2", null)]
    [InlineData("""{"anyOf": [{"type": "string"}, {"type": "integer"}]}""", "true", "$: should match at least one of 2 schemas, but matched none ($: should be a string, but got boolean true.).")]
    [InlineData("""{"oneOf": [{"type": "number"}, {"type": "integer"}]}""", "2", "$: should match exactly one of 2 schemas, but matched 2.")]
    [InlineData("""{"oneOf": [{"type": "number"}, {"type": "integer"}]}""", "2.5", null)]
    public void Each_keyword_is_checked_and_explained(string schema, string value, string? reason)
    {
        var reasons = JsonSchemaValidator.Validate(JsonNode.Parse(schema)!.AsObject(), JsonDocument.Parse(value).RootElement);

        Assert.Equal(reason is null ? [] : [reason], reasons);
    }

    [Fact]
    public void Nested_paths_name_properties_and_indexes()
    {
        var schema = JsonNode.Parse("""
            {"type": "object", "properties": {"body": {"type": "object", "properties": {"doors": {"type": "array",
              "items": {"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}}}}}}}}
            """)!.AsObject();

        var reasons = JsonSchemaValidator.Validate(schema, JsonDocument.Parse("""{"body": {"doors": [{"id": 1}, {"id": "2"}, {}]}}""").RootElement);

        Assert.Equal(["$.body.doors[1].id: should be an integer, but got string \"2\".", "$.body.doors[2].id: is required but missing."], reasons);
    }

    [Fact]
    public void A_huge_non_conforming_value_gets_a_bounded_report()
    {
        var schema = JsonNode.Parse("""{"items": {"type": "integer"}}""")!.AsObject();
        string huge = "[" + string.Join(",", Enumerable.Repeat("\"x\"", 10_000)) + "]";

        var reasons = JsonSchemaValidator.Validate(schema, JsonDocument.Parse(huge).RootElement);

        Assert.Equal(20, reasons.Count);
    }
}
