using System.Reflection;
using System.Text.Json.Nodes;

namespace PluginRuntime.Sdk.Metadata;

/// <summary>One parameter of a callable method, as a JSON caller sees it.</summary>
public sealed class ParameterDescriptor
{
    internal ParameterDescriptor(ParameterInfo parameter, int position)
    {
        ClrName = parameter.Name ?? $"arg{position}";
        Name = NameConventions.ToSnakeCase(ClrName);
        Position = position;
        Type = parameter.ParameterType;
        IsOptional = parameter.HasDefaultValue || parameter.IsOptional;
        DefaultValue = parameter.HasDefaultValue ? parameter.DefaultValue : null;
        if (DefaultValue is null && IsOptional && Type.IsValueType && Nullable.GetUnderlyingType(Type) is null)
        {
            DefaultValue = Activator.CreateInstance(Type);
        }
        var nullability = new NullabilityInfoContext().Create(parameter);
        AllowsNull = !Type.IsValueType ? nullability.WriteState != NullabilityState.NotNull : Nullable.GetUnderlyingType(Type) is not null;
        Schema = JsonSchemaBuilder.For(Type, AllowsNull);
        var description = parameter.GetCustomAttribute<System.ComponentModel.DescriptionAttribute>()?.Description;
        if (description is not null)
        {
            Schema["description"] = description;
        }
        if (parameter.HasDefaultValue && DescribeDefault(DefaultValue) is { } defaultJson)
        {
            Schema["default"] = defaultJson;
        }
    }

    /// <summary>A parameter of a declared method, described by its JSON Schema (its values bind as <see cref="System.Text.Json.JsonElement"/>).</summary>
    internal ParameterDescriptor(string name, int position, JsonObject schema, bool required)
    {
        ClrName = name;
        Name = name;
        Position = position;
        Type = typeof(System.Text.Json.JsonElement);
        IsOptional = !required;
        Schema = schema;
        JsonKinds = ReadKinds(schema);
        AllowsNull = JsonKinds is null || JsonKinds.Contains("null");
    }

    private static string[]? ReadKinds(JsonObject schema) => schema["type"] switch
    {
        JsonValue single when single.TryGetValue(out string? kind) => [kind],
        JsonArray many => many.Select(k => k?.GetValue<string>()).OfType<string>().ToArray(),
        _ => null,
    };

    // Only values of framework types: serialising a driver-defined value through shared JSON machinery would cache
    // its type process-wide and keep the driver's code from ever unloading.
    private static JsonNode? DescribeDefault(object? value) => value switch
    {
        null => null,
        Enum e => JsonValue.Create(NameConventions.ToSnakeCase(e.ToString())),
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        int or long or short or byte or sbyte or ushort or uint or ulong => JsonValue.Create(Convert.ToDecimal(value, System.Globalization.CultureInfo.InvariantCulture)),
        double d => JsonValue.Create(d),
        float f => JsonValue.Create(f),
        decimal m => JsonValue.Create(m),
        _ => null,
    };

    /// <summary>The wire name (snake_case).</summary>
    public string Name { get; }

    /// <summary>The name in the C# source; also accepted for named arguments.</summary>
    public string ClrName { get; }

    /// <summary>0-based position among the JSON-bound parameters.</summary>
    public int Position { get; }

    /// <summary>The CLR type the JSON value is read as.</summary>
    public Type Type { get; }

    /// <summary>True when the caller may leave it out.</summary>
    public bool IsOptional { get; }

    /// <summary>The value used when an optional argument is left out.</summary>
    public object? DefaultValue { get; }

    /// <summary>True when JSON null is acceptable.</summary>
    public bool AllowsNull { get; }

    /// <summary>
    /// For a declared method's parameter: the JSON types its schema allows (string, number, integer, boolean, object,
    /// array, null); null when any value is allowed or for reflected parameters (their CLR type decides).
    /// </summary>
    public IReadOnlyList<string>? JsonKinds { get; }

    /// <summary>The parameter's JSON Schema.</summary>
    public JsonObject Schema { get; }
}
