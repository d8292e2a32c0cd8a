using System.Text.Json;
using System.Text.Json.Nodes;

namespace PluginRuntime.Sdk.Metadata;

/// <summary>
/// Runs a method declared at run time. Called with the bound arguments as a JSON object (wire names → values;
/// optional arguments the caller left out are absent).
/// </summary>
public delegate ValueTask<JsonNode?> DynamicMethodHandler(JsonObject arguments, CancellationToken cancellationToken);

public sealed partial class MethodDescriptor
{
    private static readonly string[] KnownKinds = ["string", "number", "integer", "boolean", "object", "array", "null"];

    private MethodDescriptor(string name, JsonObject parameters, DynamicMethodHandler handler, SecurityLevel security, string? description)
    {
        _handler = handler;
        ClrName = name;
        Name = name;
        Security = security;
        Description = description;
        Parameters = ReadParameters(name, parameters);
        _clrParameterCount = Parameters.Count + 1;
        _cancellationTokenPosition = Parameters.Count;
        _resultKind = ResultKind.Value;
        _resultType = typeof(JsonNode);
        Schema = BuildSchema();
    }

    /// <summary>
    /// A callable method not backed by a C# method: a JavaScript driver's export, or a command generated from a
    /// protocol spec. <paramref name="parameters"/> is the JSON Schema of an object
    /// (<c>{"type":"object","properties":{...},"required":[...]}</c>) whose property order is the positional order.
    /// Binding takes a positional array or a named object, refuses unknown names, requires the <c>required</c> ones,
    /// and checks each value against its property's JSON <c>type</c>, with the same errors as reflected methods.
    /// </summary>
    /// <exception cref="DriverDefinitionException">The name or the parameter schema can't describe a method.</exception>
    public static MethodDescriptor Dynamic(string name, JsonObject parameters, DynamicMethodHandler handler,
        SecurityLevel security = SecurityLevel.User, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(handler);
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new DriverDefinitionException("A declared method needs a name.");
        }
        return new MethodDescriptor(name, parameters, handler, security, description);
    }

    /// <summary>True for methods declared at run time (<see cref="Dynamic"/>) rather than found on the driver class.</summary>
    public bool IsDynamic => _handler is not null;

    private static ParameterDescriptor[] ReadParameters(string method, JsonObject schema)
    {
        if (schema["properties"] is not JsonObject properties)
        {
            return schema["properties"] is null
                ? []
                : throw new DriverDefinitionException($"Method '{method}': 'properties' of its parameter schema must be an object.");
        }
        var required = schema["required"] is JsonArray list
            ? list.Select(n => n?.GetValue<string>()).OfType<string>().ToHashSet(StringComparer.Ordinal)
            : [];
        var result = new List<ParameterDescriptor>();
        foreach (var (parameterName, parameterSchema) in properties)
        {
            var own = parameterSchema as JsonObject ?? throw new DriverDefinitionException(
                $"Method '{method}': the schema of parameter '{parameterName}' must be an object.");
            var descriptor = new ParameterDescriptor(parameterName, result.Count, (JsonObject)own.DeepClone(), required.Contains(parameterName));
            if (descriptor.JsonKinds?.FirstOrDefault(k => !KnownKinds.Contains(k)) is { } unknown)
            {
                throw new DriverDefinitionException(
                    $"Method '{method}': parameter '{parameterName}' has type '{unknown}'; JSON Schema types are {string.Join(", ", KnownKinds)}.");
            }
            result.Add(descriptor);
        }
        foreach (var name in required.Where(r => !properties.ContainsKey(r)))
        {
            throw new DriverDefinitionException($"Method '{method}': required parameter '{name}' is not among its properties.");
        }
        return [.. result];
    }

    private static bool KindMatches(IReadOnlyList<string> kinds, JsonElement value)
    {
        foreach (var kind in kinds)
        {
            bool matches = kind switch
            {
                "string" => value.ValueKind == JsonValueKind.String,
                "number" => value.ValueKind == JsonValueKind.Number,
                "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var d) && decimal.Truncate(d) == d,
                "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
                "object" => value.ValueKind == JsonValueKind.Object,
                "array" => value.ValueKind == JsonValueKind.Array,
                "null" => value.ValueKind == JsonValueKind.Null,
                _ => false,
            };
            if (matches)
            {
                return true;
            }
        }
        return false;
    }

    private async ValueTask<byte[]> InvokeHandlerAsync(object?[] arguments)
    {
        var named = new JsonObject();
        for (int i = 0; i < Parameters.Count; i++)
        {
            // A left-out optional argument binds as null from BindMissingFrom; only values the caller gave are passed.
            if (arguments[i] is JsonElement value)
            {
                named[Parameters[i].Name] = JsonNode.Parse(value.GetRawText());
            }
            else if (!Parameters[i].IsOptional)
            {
                named[Parameters[i].Name] = null;
            }
        }
        var cancellationToken = arguments[_cancellationTokenPosition] is CancellationToken token ? token : CancellationToken.None;
        var result = await _handler!(named, cancellationToken).ConfigureAwait(false);
        return result is null ? NullJson : JsonSerializer.SerializeToUtf8Bytes(result);
    }
}
