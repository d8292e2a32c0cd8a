using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PluginRuntime.Sdk.Metadata;

/// <summary>Describes a CLR type as a JSON Schema (draft 2020-12 vocabulary), as the runtime's JSON conventions write it.</summary>
public static class JsonSchemaBuilder
{
    private const int MaxDepth = 4;

    /// <summary>The schema of <paramref name="type"/>; <paramref name="allowsNull"/> adds "null" to its type.</summary>
    public static JsonObject For(Type type, bool allowsNull = false) => Build(type, allowsNull, 0);

    private static JsonObject Build(Type type, bool allowsNull, int depth)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        if (underlying is not null)
        {
            return Build(underlying, true, depth);
        }
        string kind = JsonTypeNames.JsonKind(type);
        var schema = new JsonObject();
        if (kind != "any")
        {
            schema["type"] = allowsNull ? new JsonArray(kind, "null") : kind;
        }
        if (type.IsEnum)
        {
            schema["enum"] = new JsonArray(Enum.GetNames(type).Select(n => (JsonNode)NameConventions.ToSnakeCase(n)).ToArray());
        }
        else if (type == typeof(DateTime) || type == typeof(DateTimeOffset))
        {
            schema["format"] = "date-time";
        }
        else if (type == typeof(Guid))
        {
            schema["format"] = "uuid";
        }
        else if (kind == "array" && depth < MaxDepth)
        {
            schema["items"] = Build(ElementType(type), false, depth + 1);
        }
        else if (kind == "object" && depth < MaxDepth)
        {
            DescribeObject(type, schema, depth);
        }
        return schema;
    }

    private static void DescribeObject(Type type, JsonObject schema, int depth)
    {
        var dictionary = type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType &&
            (i.GetGenericTypeDefinition() == typeof(IDictionary<,>) || i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>)));
        if (dictionary is not null)
        {
            schema["additionalProperties"] = Build(dictionary.GetGenericArguments()[1], false, depth + 1);
            return;
        }
        var properties = new JsonObject();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || property.GetMethod is null)
            {
                continue;
            }
            var nullable = !property.PropertyType.IsValueType &&
                new NullabilityInfoContext().Create(property).ReadState != NullabilityState.NotNull;
            properties[JsonNamingPolicy.SnakeCaseLower.ConvertName(property.Name)] = Build(property.PropertyType, nullable, depth + 1);
        }
        schema["properties"] = properties;
    }

    private static Type ElementType(Type type)
    {
        if (type.IsArray)
        {
            return type.GetElementType()!;
        }
        var enumerable = type.GetInterfaces().Append(type)
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>));
        return enumerable?.GetGenericArguments()[0] ?? (typeof(IEnumerable).IsAssignableFrom(type) ? typeof(object) : type);
    }
}
