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
    /// by its summary and description. A call checks the arguments against the body's schema (enum, ranges,
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
        var schema = message.ArgumentsSchema;
        string? description = (message.Summary, message.Description) switch
        {
            (null, null) => $"Sends '{message.Name}'.",
            ({ } summary, null) => summary,
            (null, { } text) => text,
            ({ } summary, { } text) => $"{summary} {text}",
        };
        return MethodDescriptor.Dynamic(name, schema, (arguments, cancellationToken) =>
        {
            var reasons = JsonSchemaValidator.Validate(schema, JsonSerializer.SerializeToElement(arguments));
            if (reasons.Count > 0)
            {
                // "$.dwell: should be at least 1…" reads better for a caller as "argument 'dwell': …".
                throw new ArgumentBindingException($"Arguments of '{name}' don't fit the '{message.Name}' message: " +
                    string.Join(" ", reasons.Select(r => r.StartsWith("$.", StringComparison.Ordinal) ? "argument '" + r[2..].Replace(":", "':", StringComparison.Ordinal) : r)));
            }
            return send(message, arguments, cancellationToken);
        }, message.Security, description);
    }
}
