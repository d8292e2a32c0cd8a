using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PluginRuntime.Sdk.Protocols;

/// <summary>
/// Validates JSON values against the subset of JSON Schema the protocol specs use: <c>type</c> (a name or an array
/// of names), <c>properties</c>, <c>required</c>, <c>additionalProperties</c>, <c>enum</c>, <c>const</c>,
/// <c>items</c>, <c>minItems</c>/<c>maxItems</c>, <c>minimum</c>/<c>maximum</c>, <c>minLength</c>/<c>maxLength</c>,
/// <c>pattern</c>, <c>oneOf</c>, <c>anyOf</c>. <see cref="SupportedKeywords"/> lists them with the annotations that
/// are accepted and ignored; a spec using any other keyword is refused when it is read, so nothing is silently
/// unchecked.
/// </summary>
public static class JsonSchemaValidator
{
    /// <summary>Keywords that constrain a value.</summary>
    public static readonly IReadOnlySet<string> SupportedKeywords = new HashSet<string>(StringComparer.Ordinal)
    {
        "type", "properties", "required", "additionalProperties", "enum", "const", "items", "minItems", "maxItems",
        "minimum", "maximum", "minLength", "maxLength", "pattern", "oneOf", "anyOf",
        // annotations: accepted, never checked
        "title", "description", "examples", "example", "default", "format", "$comment", "deprecated",
    };

    private static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(200);

    // Bounds the report for a huge non-conforming payload: the first reasons say enough.
    private const int MaxReasons = 20;

    /// <summary>
    /// The reasons <paramref name="value"/> does not conform to <paramref name="schema"/>; empty when it does. Each
    /// reason starts with the JSON path of the offending value (<c>$.body.doorId</c>).
    /// </summary>
    public static IReadOnlyList<string> Validate(JsonObject schema, JsonElement value)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var reasons = new List<string>();
        Check(schema, value, "$", reasons);
        return reasons;
    }

    private static void Check(JsonObject schema, JsonElement value, string path, List<string> reasons)
    {
        if (reasons.Count >= MaxReasons)
        {
            return;
        }
        if (schema["type"] is { } type && !MatchesType(type, value))
        {
            reasons.Add($"{path}: should be {DescribeType(type)}, but got {JsonTypeNames.DescribeValue(value)}.");
            return; // the other keywords would only repeat the mismatch
        }
        if (schema["const"] is var constant && schema.ContainsKey("const") && !JsonEquals(constant, value))
        {
            reasons.Add($"{path}: should be {Show(constant)}, but got {JsonTypeNames.DescribeValue(value)}.");
        }
        if (schema["enum"] is JsonArray options && !options.Any(option => JsonEquals(option, value)))
        {
            reasons.Add($"{path}: should be one of {string.Join(", ", options.Select(Show))}, but got {JsonTypeNames.DescribeValue(value)}.");
        }
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                CheckObject(schema, value, path, reasons);
                break;
            case JsonValueKind.Array:
                CheckArray(schema, value, path, reasons);
                break;
            case JsonValueKind.String:
                CheckString(schema, value.GetString()!, path, reasons);
                break;
            case JsonValueKind.Number:
                CheckNumber(schema, value.GetDouble(), path, reasons);
                break;
        }
        CheckCombinations(schema, value, path, reasons);
    }

    private static void CheckObject(JsonObject schema, JsonElement value, string path, List<string> reasons)
    {
        var properties = schema["properties"] as JsonObject;
        if (schema["required"] is JsonArray required)
        {
            foreach (var name in required.Select(r => r?.GetValue<string>()))
            {
                if (name is not null && !value.TryGetProperty(name, out _))
                {
                    reasons.Add($"{PropertyPath(path, name)}: is required but missing.");
                }
            }
        }
        foreach (var property in value.EnumerateObject())
        {
            string propertyPath = PropertyPath(path, property.Name);
            if (properties?[property.Name] is JsonObject propertySchema)
            {
                Check(propertySchema, property.Value, propertyPath, reasons);
            }
            else if (properties is null || !properties.ContainsKey(property.Name))
            {
                switch (schema["additionalProperties"])
                {
                    case JsonValue flag when flag.TryGetValue(out bool allowed) && !allowed:
                        reasons.Add($"{propertyPath}: is not an allowed property.");
                        break;
                    case JsonObject additional:
                        Check(additional, property.Value, propertyPath, reasons);
                        break;
                }
            }
        }
    }

    private static void CheckArray(JsonObject schema, JsonElement value, string path, List<string> reasons)
    {
        int length = value.GetArrayLength();
        if (Number(schema, "minItems") is { } minItems && length < minItems)
        {
            reasons.Add($"{path}: should have at least {minItems} items, but has {length}.");
        }
        if (Number(schema, "maxItems") is { } maxItems && length > maxItems)
        {
            reasons.Add($"{path}: should have at most {maxItems} items, but has {length}.");
        }
        if (schema["items"] is JsonObject items)
        {
            int i = 0;
            foreach (var item in value.EnumerateArray())
            {
                Check(items, item, $"{path}[{i++}]", reasons);
            }
        }
    }

    private static void CheckString(JsonObject schema, string text, string path, List<string> reasons)
    {
        if (Number(schema, "minLength") is { } minLength && text.Length < minLength)
        {
            reasons.Add($"{path}: should be at least {minLength} characters long, but is {text.Length}.");
        }
        if (Number(schema, "maxLength") is { } maxLength && text.Length > maxLength)
        {
            reasons.Add($"{path}: should be at most {maxLength} characters long, but is {text.Length}.");
        }
        if (schema["pattern"]?.GetValue<string>() is { } pattern)
        {
            bool matches;
            try
            {
                matches = Regex.IsMatch(text, pattern, RegexOptions.CultureInvariant, PatternTimeout);
            }
            catch (RegexMatchTimeoutException)
            {
                matches = false;
            }
            if (!matches)
            {
                reasons.Add($"{path}: should match the pattern {pattern}, but got \"{Shorten(text)}\".");
            }
        }
    }

    private static void CheckNumber(JsonObject schema, double number, string path, List<string> reasons)
    {
        if (Number(schema, "minimum") is { } minimum && number < minimum)
        {
            reasons.Add($"{path}: should be at least {minimum}, but got {number}.");
        }
        if (Number(schema, "maximum") is { } maximum && number > maximum)
        {
            reasons.Add($"{path}: should be at most {maximum}, but got {number}.");
        }
    }

    private static void CheckCombinations(JsonObject schema, JsonElement value, string path, List<string> reasons)
    {
        if (schema["oneOf"] is JsonArray oneOf)
        {
            var failures = oneOf.OfType<JsonObject>().Select(branch => Validate(branch, value)).ToList();
            int matched = failures.Count(f => f.Count == 0);
            if (matched != 1)
            {
                reasons.Add(matched == 0
                    ? $"{path}: should match exactly one of {failures.Count} schemas, but matched none ({Closest(failures)})."
                    : $"{path}: should match exactly one of {failures.Count} schemas, but matched {matched}.");
            }
        }
        if (schema["anyOf"] is JsonArray anyOf)
        {
            var failures = anyOf.OfType<JsonObject>().Select(branch => Validate(branch, value)).ToList();
            if (failures.All(f => f.Count > 0))
            {
                reasons.Add($"{path}: should match at least one of {failures.Count} schemas, but matched none ({Closest(failures)}).");
            }
        }
    }

    // A branch's reasons are relative to the value ("$..."), so they are reported inside the parent's reason.
    private static string Closest(List<IReadOnlyList<string>> failures) =>
        failures.Count == 0 ? "no schemas" : string.Join("; ", failures.OrderBy(f => f.Count).First().Take(2));

    private static bool MatchesType(JsonNode type, JsonElement value) => type switch
    {
        JsonArray names => names.Any(name => name is not null && MatchesType(name, value)),
        JsonValue name when name.TryGetValue(out string? typeName) => typeName switch
        {
            "object" => value.ValueKind == JsonValueKind.Object,
            "array" => value.ValueKind == JsonValueKind.Array,
            "string" => value.ValueKind == JsonValueKind.String,
            "number" => value.ValueKind == JsonValueKind.Number,
            "integer" => value.ValueKind == JsonValueKind.Number && IsInteger(value),
            "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
            "null" => value.ValueKind == JsonValueKind.Null,
            _ => false,
        },
        _ => false,
    };

    private static bool IsInteger(JsonElement value) =>
        value.TryGetInt64(out _) || (value.TryGetDouble(out double d) && double.IsFinite(d) && Math.Floor(d) == d);

    private static string DescribeType(JsonNode type) => type is JsonArray names
        ? string.Join(" or ", names.Select(n => Article(n?.ToString() ?? "null")))
        : Article(type.ToString());

    private static string Article(string typeName) => typeName switch
    {
        "integer" or "array" or "object" => "an " + typeName,
        "null" => "null",
        _ => "a " + typeName,
    };

    private static double? Number(JsonObject schema, string keyword) =>
        schema[keyword] is JsonValue value && value.TryGetValue(out double number) ? number
        : schema[keyword] is JsonValue integer && integer.TryGetValue(out long whole) ? whole
        : null;

    private static bool JsonEquals(JsonNode? expected, JsonElement actual)
    {
        if (expected is null)
        {
            return actual.ValueKind == JsonValueKind.Null;
        }
        using var document = JsonDocument.Parse(expected.ToJsonString());
        return JsonElement.DeepEquals(document.RootElement, actual);
    }

    private static string Show(JsonNode? node) => node?.ToJsonString() ?? "null";

    private static string PropertyPath(string path, string name) =>
        name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') ? $"{path}.{name}" : $"{path}[\"{name}\"]";

    private static string Shorten(string text) => text.Length > 40 ? text[..37] + "..." : text;
}
