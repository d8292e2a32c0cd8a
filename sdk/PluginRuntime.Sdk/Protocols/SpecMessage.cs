using System.Text.Json;
using System.Text.Json.Nodes;

namespace PluginRuntime.Sdk.Protocols;

/// <summary>
/// One message of a protocol spec: an event the device sends (inbound) or a command sent to it (outbound), with the
/// JSON Schema of its payload (every <c>$ref</c> resolved).
/// </summary>
public sealed class SpecMessage
{
    internal SpecMessage(string name, string? channelAddress, string? summary, string? description, JsonObject? payloadSchema,
        string? methodName, string? argumentsProperty, SecurityLevel security, IReadOnlyDictionary<string, JsonNode?> extensions)
    {
        Name = name;
        ChannelAddress = channelAddress;
        Summary = summary;
        Description = description;
        PayloadSchema = payloadSchema;
        MethodName = methodName;
        ArgumentsProperty = argumentsProperty;
        Security = security;
        Extensions = extensions;
    }

    /// <summary>The message's <c>name</c> (its key under <c>components.messages</c> when it has none).</summary>
    public string Name { get; }

    /// <summary>
    /// The <c>address</c> of the channel the message travels on (for Socket.IO, the event name a command is emitted
    /// as); null when the channel has none.
    /// </summary>
    public string? ChannelAddress { get; }

    /// <summary>The message's <c>summary</c>.</summary>
    public string? Summary { get; }

    /// <summary>The message's <c>description</c>.</summary>
    public string? Description { get; }

    /// <summary>The payload's JSON Schema, or null when the message has no payload.</summary>
    public JsonObject? PayloadSchema { get; }

    /// <summary>
    /// The method an outbound message becomes: the message's <c>x-method</c>, or its name in snake_case
    /// (<c>door.try.open</c> → <c>door_try_open</c>); null for <c>x-method: false</c>, a message the driver sends
    /// itself (a token renewal) that is not callable.
    /// </summary>
    public string? MethodName { get; }

    /// <summary>
    /// <c>x-arguments</c>: the payload property whose fields are the method's arguments (e.g. <c>body</c>); null when
    /// the arguments are the payload's own fields.
    /// </summary>
    public string? ArgumentsProperty { get; }

    /// <summary><c>x-security</c> (user, support or admin): the clearance a caller of the generated method needs.</summary>
    public SecurityLevel Security { get; }

    /// <summary>Every <c>x-…</c> field of the message, for drivers that need their own extensions.</summary>
    public IReadOnlyDictionary<string, JsonNode?> Extensions { get; }

    /// <summary>
    /// The JSON Schema of the generated method's arguments: an object schema whose properties are the fields of
    /// <see cref="ArgumentsProperty"/> (or of the payload), without those named in <c>x-driver-fields</c> (filled in
    /// by the driver, like a command id).
    /// </summary>
    public JsonObject ArgumentsSchema
    {
        get
        {
            var source = PayloadSchema;
            if (ArgumentsProperty is not null)
            {
                source = PayloadSchema?["properties"]?[ArgumentsProperty] as JsonObject;
            }
            var driverFields = Extensions.TryGetValue("x-driver-fields", out var fields) && fields is JsonArray list
                ? list.Select(f => f?.ToString()).ToHashSet()
                : [];
            var properties = new JsonObject();
            foreach (var (name, schema) in source?["properties"] as JsonObject ?? [])
            {
                if (!driverFields.Contains(name))
                {
                    properties[name] = schema?.DeepClone();
                }
            }
            var required = new JsonArray();
            foreach (var name in (source?["required"] as JsonArray ?? []).Select(r => r?.ToString()))
            {
                if (name is not null && properties.ContainsKey(name))
                {
                    required.Add(name);
                }
            }
            return new JsonObject { ["type"] = "object", ["properties"] = properties, ["required"] = required };
        }
    }

    /// <summary>
    /// Checks a payload against <see cref="PayloadSchema"/>. Returns the reasons it does not conform, each starting
    /// with the JSON path of the offending value; empty when it conforms (or the message declares no payload schema).
    /// </summary>
    public IReadOnlyList<string> Validate(JsonElement payload) =>
        PayloadSchema is null ? [] : JsonSchemaValidator.Validate(PayloadSchema, payload);

    /// <inheritdoc/>
    public override string ToString() => Name;
}
