using System.Text.Json;
using System.Text.Json.Nodes;
using PluginRuntime.Sdk.Metadata;

namespace PluginRuntime.Sdk.Protocols;

/// <summary>
/// Sends one outbound message of a spec: called with the message and the caller's arguments (already checked against
/// <see cref="SpecMessage.ArgumentsSchema"/>); the driver wraps them as its protocol needs (a command id, a topic),
/// sends them, and returns the method's result.
/// </summary>
public delegate ValueTask<JsonNode?> SpecMessageSender(SpecMessage message, JsonObject arguments, CancellationToken cancellationToken);

/// <summary>Turns a spec's outbound messages (its commands) into callable methods.</summary>
public static class SpecMethods
{
    /// <summary>
    /// One method per outbound message of <paramref name="spec"/>, for <c>Driver.DeclareMethods</c>: named by the
    /// message's <c>x-method</c> (or its name in snake_case; <c>x-method: false</c> makes none), with the fields of its body as parameters, described
    /// by its summary and description. Parameters are the fields' names in snake_case (<c>doorId</c> →
    /// <c>door_id</c>); the sender gets the spec's field names back. A call checks the arguments against the body's schema (enum, ranges,
    /// patterns, not only JSON types) and hands them to <paramref name="send"/>.
    /// </summary>
    public static IReadOnlyList<MethodDescriptor> For(ProtocolSpec spec, SpecMessageSender send)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(send);
        return spec.Outbound.Where(m => m.MethodName is not null).Select(message => Create(message, send)).ToArray();
    }

    private static MethodDescriptor Create(SpecMessage message, SpecMessageSender send)
    {
        string name = message.MethodName!;
        var wireSchema = message.ArgumentsSchema;
        // Callers see snake_case parameters, as for every other method (doorId → door_id); the message keeps the
        // spec's own field names.
        var wireNames = new Dictionary<string, string>(StringComparer.Ordinal);
        var parameters = new JsonObject();
        foreach (var (field, schema) in (JsonObject)wireSchema["properties"]!)
        {
            string parameter = NameConventions.ToSnakeCase(field);
            wireNames[parameter] = field;
            parameters[parameter] = schema?.DeepClone();
        }
        var required = new JsonArray([.. ((JsonArray)wireSchema["required"]!).Select(r => (JsonNode?)NameConventions.ToSnakeCase(r!.GetValue<string>()))]);
        var methodSchema = new JsonObject { ["type"] = "object", ["properties"] = parameters, ["required"] = required };
        string? description = (message.Summary, message.Description) switch
        {
            (null, null) => $"Sends '{message.Name}'.",
            ({ } summary, null) => summary,
            (null, { } text) => text,
            ({ } summary, { } text) => $"{summary} {text}",
        };
        return MethodDescriptor.Dynamic(name, methodSchema, (arguments, cancellationToken) =>
        {
            var wire = new JsonObject();
            foreach (var (parameter, value) in arguments)
            {
                wire[wireNames.GetValueOrDefault(parameter, parameter)] = value?.DeepClone();
            }
            var reasons = JsonSchemaValidator.Validate(wireSchema, JsonSerializer.SerializeToElement(wire));
            if (reasons.Count > 0)
            {
                throw new ArgumentBindingException($"Arguments of '{name}' don't fit the '{message.Name}' message: " +
                    string.Join(" ", reasons.Select(r => Explain(r, wireNames))));
            }
            return send(message, wire, cancellationToken);
        }, message.Security, description);
    }

    // "$.relayDwell: should be…" → "argument 'relay_dwell': should be…", in the names the caller used.
    private static string Explain(string reason, Dictionary<string, string> wireNames)
    {
        if (!reason.StartsWith("$.", StringComparison.Ordinal) || reason.IndexOf(':', StringComparison.Ordinal) is var colon && colon < 0)
        {
            return reason;
        }
        string path = reason[2..colon];
        string field = path.Split('.', '[')[0];
        string parameter = wireNames.FirstOrDefault(p => p.Value == field).Key ?? field;
        return $"argument '{parameter}{path[field.Length..]}'{reason[colon..]}";
    }
}
