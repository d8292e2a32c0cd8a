using System.Text.Json.Nodes;
using PluginRuntime.Sdk.Metadata;

namespace PluginRuntime.Sdk.Protocols;

/// <summary>
/// Reads the parts of an AsyncAPI 3.0 document a driver uses: operations (send / receive) → channel messages →
/// message name, summary, payload schema and <c>x-</c> extensions. Local <c>$ref</c>s (<c>#/components/…</c>,
/// <c>#/channels/…</c>) are followed anywhere; a problem is reported at its line and column.
/// </summary>
internal sealed class SpecReader
{
    private const int MaxRefDepth = 64;
    private readonly YamlJson _yaml;
    private readonly string _sourceName;
    private readonly JsonObject _root;

    public SpecReader(YamlJson yaml, string sourceName)
    {
        _yaml = yaml;
        _sourceName = sourceName;
        _root = yaml.Root as JsonObject ?? throw yaml.Error(yaml.Root, "a protocol spec must be a YAML mapping (an AsyncAPI 3.0 document).");
    }

    public ProtocolSpec Read()
    {
        string version = _root["asyncapi"] is JsonValue v && v.TryGetValue(out string? text) ? text
            : throw _yaml.Error(_root["asyncapi"] ?? _root, "'asyncapi: 3.0.0' is required: protocol specs are AsyncAPI 3.0 documents.");
        if (!version.StartsWith("3.", StringComparison.Ordinal))
        {
            throw _yaml.Error(_root["asyncapi"], $"AsyncAPI version '{version}' is not supported; write the spec as AsyncAPI 3.0 ('asyncapi: 3.0.0').");
        }
        var info = Object(_root, "info", required: true)!;
        string title = String(info, "title", required: true)!;
        string? specVersion = info["version"]?.ToString();

        var inbound = new List<SpecMessage>();
        var outbound = new List<SpecMessage>();
        foreach (var (operationName, operationNode) in Object(_root, "operations", required: false) ?? [])
        {
            var operation = Resolve(operationNode, $"operation '{operationName}'") as JsonObject
                ?? throw _yaml.Error(operationNode, $"operation '{operationName}' must be a mapping.");
            string action = String(operation, "action", required: true)!;
            var target = action switch
            {
                "send" => inbound,
                "receive" => outbound,
                _ => throw _yaml.Error(operation["action"], $"operation '{operationName}' has action '{action}'; it must be 'send' or 'receive'."),
            };
            foreach (var message in OperationMessages(operationName, operation))
            {
                Add(target, message, action == "send" ? "inbound" : "outbound");
            }
        }
        return new ProtocolSpec(_sourceName, title, specVersion, inbound, outbound);
    }

    private IEnumerable<SpecMessage> OperationMessages(string operationName, JsonObject operation)
    {
        var channelRef = operation["channel"] ?? throw _yaml.Error(operation, $"operation '{operationName}' needs a 'channel' ($ref to a channel).");
        var channel = Resolve(channelRef, $"the channel of operation '{operationName}'") as JsonObject
            ?? throw _yaml.Error(channelRef, $"the channel of operation '{operationName}' must be a mapping.");
        string? address = channel["address"] is JsonValue a && a.TryGetValue(out string? text) ? text : null;
        if (operation["messages"] is JsonArray listed)
        {
            foreach (var item in listed)
            {
                string key = RefName(item) ?? "message";
                yield return ReadMessage(key, item, address);
            }
            yield break;
        }
        foreach (var (key, item) in Object(channel, "messages", required: false) ?? [])
        {
            yield return ReadMessage(key, item, address);
        }
    }

    private SpecMessage ReadMessage(string key, JsonNode? node, string? address)
    {
        string? refName = RefName(node);
        var message = Resolve(node, $"message '{key}'") as JsonObject ?? throw _yaml.Error(node, $"message '{key}' must be a mapping.");
        // A message referenced from a channel may itself be a $ref to components.messages: its name is the last key.
        string name = String(message, "name", required: false) ?? LastRefName(node) ?? refName ?? key;
        JsonObject? payload = null;
        if (message["payload"] is { } payloadNode)
        {
            payload = ResolveDeep(payloadNode, 0, []) as JsonObject
                ?? throw _yaml.Error(payloadNode, $"the payload of message '{name}' must be a JSON Schema mapping.");
            CheckSchema(payload, $"message '{name}' payload");
        }
        var extensions = message.Where(p => p.Key.StartsWith("x-", StringComparison.Ordinal))
            .ToDictionary(p => p.Key, p => p.Value is null ? null : ResolveDeep(p.Value, 0, []), StringComparer.Ordinal);
        string? method = message["x-method"] is JsonValue off && off.TryGetValue(out bool callable) && !callable
            ? null
            : String(message, "x-method", required: false) ?? NameConventions.ToSnakeCase(ToIdentifier(name));
        string? arguments = String(message, "x-arguments", required: false);
        if (arguments is not null && payload?["properties"]?[arguments] is not JsonObject)
        {
            throw _yaml.Error(message["x-arguments"], $"message '{name}' has x-arguments '{arguments}', but its payload declares no object property '{arguments}'.");
        }
        var security = String(message, "x-security", required: false) switch
        {
            null or "user" => SecurityLevel.User,
            "support" => SecurityLevel.Support,
            "admin" => SecurityLevel.Admin,
            var other => throw _yaml.Error(message["x-security"], $"message '{name}' has x-security '{other}'; use user, support or admin."),
        };
        return new SpecMessage(name, address, String(message, "summary", required: false), String(message, "description", required: false),
            payload, method, arguments, security, extensions);
    }

    private void Add(List<SpecMessage> messages, SpecMessage message, string direction)
    {
        var existing = messages.FirstOrDefault(m => m.Name == message.Name);
        if (existing is null)
        {
            messages.Add(message);
        }
        // The same message reached from two operations is one message; two different ones may not share a name.
        else if (!JsonNode.DeepEquals(existing.PayloadSchema, message.PayloadSchema))
        {
            throw _yaml.Error(_root["operations"], $"two different {direction} messages are named '{message.Name}'; message names must be unique per direction.");
        }
    }

    // Follows a $ref (repeatedly) to the node it names; other nodes are returned as they are.
    private JsonNode? Resolve(JsonNode? node, string what)
    {
        for (int depth = 0; node is JsonObject obj && obj["$ref"] is { } reference; depth++)
        {
            if (depth > MaxRefDepth)
            {
                throw _yaml.Error(reference, $"{what}: $ref chain is circular or deeper than {MaxRefDepth}.");
            }
            node = Lookup(reference);
        }
        return node;
    }

    // Copies a schema with every $ref inside it replaced by (a copy of) its target.
    private JsonNode? ResolveDeep(JsonNode node, int depth, HashSet<string> resolving)
    {
        if (depth > MaxRefDepth)
        {
            throw _yaml.Error(node, $"schema nesting is deeper than {MaxRefDepth}.");
        }
        switch (node)
        {
            case JsonObject obj when obj["$ref"] is { } reference:
                string pointer = reference.ToString();
                if (!resolving.Add(pointer))
                {
                    throw _yaml.Error(reference, $"$ref '{pointer}' refers to itself; recursive schemas are not supported.");
                }
                var target = Lookup(reference);
                var resolved = target is null ? null : ResolveDeep(target, depth + 1, resolving);
                resolving.Remove(pointer);
                return resolved;
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    copy[key] = value is null ? null : ResolveDeep(value, depth + 1, resolving);
                }
                _yaml.Remember(copy, obj);
                return copy;
            case JsonArray array:
                var items = new JsonArray();
                foreach (var item in array)
                {
                    items.Add(item is null ? null : ResolveDeep(item, depth + 1, resolving));
                }
                _yaml.Remember(items, array);
                return items;
            default:
                var clone = node.DeepClone();
                _yaml.Remember(clone, node);
                return clone;
        }
    }

    private JsonNode? Lookup(JsonNode reference)
    {
        string pointer = reference is JsonValue v && v.TryGetValue(out string? text) ? text
            : throw _yaml.Error(reference, "$ref must be a string.");
        if (!pointer.StartsWith("#/", StringComparison.Ordinal))
        {
            throw _yaml.Error(reference, $"$ref '{pointer}' is not local; protocol specs may only refer inside the same file ('#/components/…').");
        }
        JsonNode? current = _root;
        foreach (string raw in pointer[2..].Split('/'))
        {
            string segment = Uri.UnescapeDataString(raw).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            current = current switch
            {
                JsonObject obj when obj.ContainsKey(segment) => obj[segment],
                JsonArray array when int.TryParse(segment, out int index) && index >= 0 && index < array.Count => array[index],
                _ => throw _yaml.Error(reference, $"$ref '{pointer}' points at nothing: '{segment}' is not there."),
            };
        }
        return current;
    }

    private void CheckSchema(JsonNode? schema, string where)
    {
        if (schema is JsonValue boolean && boolean.TryGetValue(out bool _))
        {
            return;
        }
        if (schema is not JsonObject obj)
        {
            throw _yaml.Error(schema, $"{where}: a schema must be a mapping.");
        }
        foreach (var (keyword, value) in obj)
        {
            if (keyword.StartsWith("x-", StringComparison.Ordinal))
            {
                continue;
            }
            if (!JsonSchemaValidator.SupportedKeywords.Contains(keyword))
            {
                throw _yaml.Error(value ?? obj, $"{where}: JSON Schema keyword '{keyword}' is not supported by the spec validator " +
                    $"(supported: {string.Join(", ", JsonSchemaValidator.SupportedKeywords.Order())}).");
            }
            switch (keyword)
            {
                case "properties":
                    foreach (var (name, sub) in value as JsonObject ?? throw _yaml.Error(value ?? obj, $"{where}: 'properties' must be a mapping."))
                    {
                        CheckSchema(sub, $"{where}.{name}");
                    }
                    break;
                case "items" or "additionalProperties":
                    CheckSchema(value, $"{where}.{keyword}");
                    break;
                case "oneOf" or "anyOf":
                    foreach (var branch in value as JsonArray ?? throw _yaml.Error(value ?? obj, $"{where}: '{keyword}' must be a list of schemas."))
                    {
                        CheckSchema(branch, $"{where}.{keyword}");
                    }
                    break;
                case "required":
                    if (value is not JsonArray)
                    {
                        throw _yaml.Error(value ?? obj, $"{where}: 'required' must be a list of property names.");
                    }
                    break;
                case "type":
                    foreach (var typeName in value is JsonArray list ? list.Select(t => t?.ToString()) : [value?.ToString()])
                    {
                        if (typeName is not ("object" or "array" or "string" or "number" or "integer" or "boolean" or "null"))
                        {
                            throw _yaml.Error(value ?? obj, $"{where}: unknown type '{typeName}' (use object, array, string, number, integer, boolean or null; quote \"null\").");
                        }
                    }
                    break;
            }
        }
    }

    private JsonObject? Object(JsonObject parent, string key, bool required)
    {
        var node = parent[key];
        if (node is null)
        {
            return required ? throw _yaml.Error(parent, $"'{key}' is required here.") : null;
        }
        return Resolve(node, key) as JsonObject ?? throw _yaml.Error(node, $"'{key}' must be a mapping.");
    }

    private string? String(JsonObject parent, string key, bool required)
    {
        var node = parent[key];
        if (node is null)
        {
            return required ? throw _yaml.Error(parent, $"'{key}' is required here.") : null;
        }
        return node is JsonValue value && value.TryGetValue(out string? text) ? text : throw _yaml.Error(node, $"'{key}' must be a string.");
    }

    private static string? RefName(JsonNode? node) =>
        node is JsonObject obj && obj["$ref"] is JsonValue v && v.TryGetValue(out string? pointer) ? pointer[(pointer.LastIndexOf('/') + 1)..] : null;

    // Follows a $ref chain and names the message after the last reference (components.messages key).
    private string? LastRefName(JsonNode? node)
    {
        string? name = null;
        for (int depth = 0; depth <= MaxRefDepth && node is JsonObject obj && obj["$ref"] is { } reference; depth++)
        {
            name = RefName(node);
            node = Lookup(reference);
        }
        return name;
    }

    private static string ToIdentifier(string name) =>
        new([.. name.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_')]);
}
