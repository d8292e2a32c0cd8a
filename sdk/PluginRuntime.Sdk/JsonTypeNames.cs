using System.Collections;
using System.Text.Json;

namespace PluginRuntime.Sdk;

/// <summary>Names CLR types and JSON values the way an error message for a JSON caller should.</summary>
public static class JsonTypeNames
{
    /// <summary>"an integer", "a string", "an array of integer", … for a parameter or setting type.</summary>
    public static string Describe(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        if (underlying is not null)
        {
            return Describe(underlying) + " or null";
        }
        return JsonKind(type) switch
        {
            "integer" => "an integer",
            "array" => "an array",
            "object" => "an object",
            "any" => "any JSON value",
            var kind => "a " + kind,
        };
    }

    /// <summary>The JSON Schema type name of a CLR type: boolean, integer, number, string, array, object or any.</summary>
    public static string JsonKind(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(bool)) return "boolean";
        if (type == typeof(byte) || type == typeof(sbyte) || type == typeof(short) || type == typeof(ushort) ||
            type == typeof(int) || type == typeof(uint) || type == typeof(long) || type == typeof(ulong))
        {
            return "integer";
        }
        if (type == typeof(float) || type == typeof(double) || type == typeof(decimal)) return "number";
        if (type == typeof(string) || type == typeof(char) || type.IsEnum || type == typeof(Guid) ||
            type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(TimeSpan) ||
            type == typeof(Uri))
        {
            return "string";
        }
        if (type == typeof(object) || type == typeof(JsonElement) || type.FullName?.StartsWith("System.Text.Json.Nodes", StringComparison.Ordinal) == true)
        {
            return "any";
        }
        if (type.IsArray || (typeof(IEnumerable).IsAssignableFrom(type) && !IsDictionary(type))) return "array";
        return "object";
    }

    /// <summary>How a JSON value reads in an error: <c>string "loud"</c>, <c>number 3.5</c>, <c>an object</c>.</summary>
    public static string DescribeValue(JsonElement value)
    {
        string raw = value.GetRawText();
        if (raw.Length > 60)
        {
            raw = raw[..57] + "...";
        }
        return value.ValueKind switch
        {
            JsonValueKind.String => "string " + raw,
            JsonValueKind.Number => "number " + raw,
            JsonValueKind.True or JsonValueKind.False => "boolean " + raw,
            JsonValueKind.Null => "null",
            JsonValueKind.Array => "an array " + raw,
            JsonValueKind.Object => "an object " + raw,
            _ => "nothing",
        };
    }

    internal static bool IsDictionary(Type type) =>
        type.GetInterfaces().Append(type).Any(i => i.IsGenericType &&
            (i.GetGenericTypeDefinition() == typeof(IDictionary<,>) ||
             i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>)));
}
