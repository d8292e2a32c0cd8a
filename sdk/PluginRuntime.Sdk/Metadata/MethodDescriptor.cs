using System.ComponentModel;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PluginRuntime.Sdk.Metadata;

/// <summary>
/// A callable method of a driver: its wire name, security level, parameters as JSON Schema, and how to call it with
/// JSON arguments. Most are the driver class's public methods, found by reflection; others are declared at run time
/// (<see cref="Dynamic"/>). Holds handles into the driver's code, so it must be dropped with that code.
/// </summary>
public sealed partial class MethodDescriptor
{
    private readonly MethodInvoker? _invoker;
    private readonly DynamicMethodHandler? _handler;
    private readonly int _cancellationTokenPosition;
    private readonly int _clrParameterCount;
    private readonly ResultKind _resultKind;
    private readonly Type _resultType;
    private readonly PropertyInfo? _taskResult;
    private readonly MethodInfo? _valueTaskAsTask;

    internal MethodDescriptor(MethodInfo method)
    {
        _invoker = MethodInvoker.Create(method);
        ClrName = method.Name;
        Name = NameConventions.ToSnakeCase(method.Name);
        Security = method.GetCustomAttribute<SecurityAttribute>(inherit: true)?.Level ?? SecurityLevel.User;
        Description = method.GetCustomAttribute<DescriptionAttribute>()?.Description;

        var clrParameters = method.GetParameters();
        _clrParameterCount = clrParameters.Length;
        _cancellationTokenPosition = Array.FindIndex(clrParameters, p => p.ParameterType == typeof(CancellationToken));
        Parameters = clrParameters
            .Where(p => p.ParameterType != typeof(CancellationToken))
            .Select((p, i) => new ParameterDescriptor(p, i))
            .ToArray();

        (_resultKind, _resultType) = ClassifyResult(method.ReturnType);
        if (_resultKind is ResultKind.TaskOfT)
        {
            _taskResult = typeof(Task<>).MakeGenericType(_resultType).GetProperty(nameof(Task<int>.Result));
        }
        else if (_resultKind is ResultKind.ValueTaskOfT)
        {
            _valueTaskAsTask = method.ReturnType.GetMethod(nameof(ValueTask<int>.AsTask));
            _taskResult = typeof(Task<>).MakeGenericType(_resultType).GetProperty(nameof(Task<int>.Result));
        }
        Schema = BuildSchema();
    }

    /// <summary>The wire name (snake_case of the C# name).</summary>
    public string Name { get; }

    /// <summary>The name in the C# source; exec accepts it too.</summary>
    public string ClrName { get; }

    /// <summary>The clearance a caller needs.</summary>
    public SecurityLevel Security { get; }

    /// <summary>From <see cref="DescriptionAttribute"/>, if any.</summary>
    public string? Description { get; }

    /// <summary>The parameters bound from JSON, in order (a <see cref="CancellationToken"/> parameter is bound by the host).</summary>
    public IReadOnlyList<ParameterDescriptor> Parameters { get; }

    /// <summary>
    /// The method as JSON: <c>{"parameters": {schema of an object}, "order": [...], "security": "user", "returns": {...}}</c>.
    /// </summary>
    public JsonObject Schema { get; }

    /// <summary>
    /// Binds <paramref name="args"/> (a JSON array of positional arguments, an object of named ones, or
    /// null/undefined for none), calls the method on <paramref name="driver"/>, awaits a Task/ValueTask result, and
    /// returns the result as UTF-8 JSON (<c>null</c> for void).
    /// </summary>
    /// <exception cref="ArgumentBindingException">The arguments don't fit; nothing was called.</exception>
    public ValueTask<byte[]> InvokeAsync(Driver driver, JsonElement args, CancellationToken cancellationToken) =>
        InvokeBoundAsync(driver, BindArguments(driver, args, cancellationToken));

    /// <summary>
    /// Binds JSON arguments to the method's parameters (a CancellationToken parameter gets <paramref name="cancellationToken"/>).
    /// Separate from <see cref="InvokeBoundAsync"/> so a host can tell the caller's mistakes from the driver's failures.
    /// </summary>
    /// <exception cref="ArgumentBindingException">The arguments don't fit; the message names the parameter and type.</exception>
    public object?[] BindArguments(Driver driver, JsonElement args, CancellationToken cancellationToken) =>
        Bind(args, driver.JsonOptions, cancellationToken);

    /// <summary>Calls the method with arguments from <see cref="BindArguments"/> and returns its result as UTF-8 JSON.</summary>
    public async ValueTask<byte[]> InvokeBoundAsync(Driver driver, object?[] arguments)
    {
        if (_handler is not null)
        {
            return await InvokeHandlerAsync(arguments).ConfigureAwait(false);
        }
        object? returned = _invoker!.Invoke(driver, new Span<object?>(arguments));
        object? result = await AwaitResultAsync(returned).ConfigureAwait(false);
        if (_resultKind is ResultKind.Void or ResultKind.Task or ResultKind.ValueTask || result is null)
        {
            return NullJson;
        }
        var type = _resultType == typeof(object) ? result.GetType() : _resultType;
        return JsonSerializer.SerializeToUtf8Bytes(result, type, driver.JsonOptions);
    }

    private static readonly byte[] NullJson = "null"u8.ToArray();

    private object?[] Bind(JsonElement args, JsonSerializerOptions options, CancellationToken cancellationToken)
    {
        var values = new object?[_clrParameterCount];
        switch (args.ValueKind)
        {
            case JsonValueKind.Undefined or JsonValueKind.Null:
                BindMissingFrom(0, values);
                break;
            case JsonValueKind.Array:
                BindPositional(args, options, values);
                break;
            case JsonValueKind.Object:
                BindNamed(args, options, values);
                break;
            default:
                throw new ArgumentBindingException(
                    $"Arguments for '{Name}' must be a JSON array (positional) or object (named), not {JsonTypeNames.DescribeValue(args)}.");
        }
        if (_cancellationTokenPosition >= 0)
        {
            values[_cancellationTokenPosition] = cancellationToken;
        }
        return values;
    }

    private void BindPositional(JsonElement args, JsonSerializerOptions options, object?[] values)
    {
        int count = args.GetArrayLength();
        if (count > Parameters.Count)
        {
            throw new ArgumentBindingException(
                $"'{Name}' takes {DescribeArity()}, but {count} were given. Parameters: {DescribeParameters()}.");
        }
        int i = 0;
        foreach (var element in args.EnumerateArray())
        {
            var parameter = Parameters[i++];
            values[ClrIndex(parameter)] = Convert(parameter, element, options);
        }
        BindMissingFrom(count, values);
    }

    private void BindNamed(JsonElement args, JsonSerializerOptions options, object?[] values)
    {
        var bound = new bool[Parameters.Count];
        foreach (var property in args.EnumerateObject())
        {
            var parameter = FindParameter(property.Name) ?? throw new ArgumentBindingException(
                $"'{Name}' has no parameter named '{property.Name}'. Parameters: {DescribeParameters()}.");
            values[ClrIndex(parameter)] = Convert(parameter, property.Value, options);
            bound[parameter.Position] = true;
        }
        foreach (var parameter in Parameters)
        {
            if (!bound[parameter.Position])
            {
                values[ClrIndex(parameter)] = DefaultOrThrow(parameter);
            }
        }
    }

    private void BindMissingFrom(int position, object?[] values)
    {
        for (int i = position; i < Parameters.Count; i++)
        {
            values[ClrIndex(Parameters[i])] = DefaultOrThrow(Parameters[i]);
        }
    }

    private object? DefaultOrThrow(ParameterDescriptor parameter) => parameter.IsOptional
        ? parameter.DefaultValue
        : throw new ArgumentBindingException(
            $"'{Name}' is missing required argument '{parameter.Name}' ({DescribeExpected(parameter)}). " +
            $"Parameters: {DescribeParameters()}.");

    private object? Convert(ParameterDescriptor parameter, JsonElement value, JsonSerializerOptions options)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            if (IsDynamic)
            {
                return parameter.AllowsNull ? value.Clone() : throw WrongType(parameter, value, null);
            }
            return parameter.AllowsNull ? null : throw WrongType(parameter, value, null);
        }
        if (parameter.Type == typeof(JsonElement))
        {
            return parameter.JsonKinds is null || KindMatches(parameter.JsonKinds, value) ? value.Clone() : throw WrongType(parameter, value, null);
        }
        try
        {
            return value.Deserialize(parameter.Type, options);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException or FormatException)
        {
            throw WrongType(parameter, value, ex);
        }
    }

    private ArgumentBindingException WrongType(ParameterDescriptor parameter, JsonElement value, Exception? inner) => new(
        $"Argument '{parameter.Name}' of '{Name}' should be {DescribeExpected(parameter)}, " +
        $"but got {JsonTypeNames.DescribeValue(value)}.", inner);

    private ParameterDescriptor? FindParameter(string name)
    {
        foreach (var parameter in Parameters)
        {
            if (parameter.Name == name || string.Equals(parameter.ClrName, name, StringComparison.OrdinalIgnoreCase))
            {
                return parameter;
            }
        }
        return null;
    }

    private int ClrIndex(ParameterDescriptor parameter) =>
        _cancellationTokenPosition >= 0 && parameter.Position >= _cancellationTokenPosition ? parameter.Position + 1 : parameter.Position;

    private string DescribeArity()
    {
        int required = Parameters.Count(p => !p.IsOptional);
        return required == Parameters.Count
            ? $"{Parameters.Count} argument{(Parameters.Count == 1 ? "" : "s")}"
            : $"{required} to {Parameters.Count} arguments";
    }

    private string DescribeParameters() => Parameters.Count == 0
        ? "none"
        : string.Join(", ", Parameters.Select(p => $"{p.Name}: {KindOf(p)}{(p.IsOptional ? " (optional)" : "")}"));

    private static string KindOf(ParameterDescriptor parameter) =>
        parameter.JsonKinds is { } kinds ? string.Join(" or ", kinds) : JsonTypeNames.JsonKind(parameter.Type);

    private static string DescribeExpected(ParameterDescriptor parameter) => parameter.JsonKinds is { } kinds
        ? string.Join(" or ", kinds.Select(k => k is "integer" or "array" or "object" ? "an " + k : "a " + k))
        : JsonTypeNames.Describe(parameter.Type);

    private async ValueTask<object?> AwaitResultAsync(object? returned)
    {
        switch (_resultKind)
        {
            case ResultKind.Task:
                await ((Task)returned!).ConfigureAwait(false);
                return null;
            case ResultKind.ValueTask:
                await ((ValueTask)returned!).ConfigureAwait(false);
                return null;
            case ResultKind.TaskOfT:
                var task = (Task)returned!;
                await task.ConfigureAwait(false);
                return _taskResult!.GetValue(task);
            case ResultKind.ValueTaskOfT:
                var asTask = (Task)_valueTaskAsTask!.Invoke(returned, null)!;
                await asTask.ConfigureAwait(false);
                return _taskResult!.GetValue(asTask);
            default:
                return returned;
        }
    }

    private JsonObject BuildSchema()
    {
        var properties = new JsonObject();
        foreach (var parameter in Parameters)
        {
            properties[parameter.Name] = parameter.Schema.DeepClone();
        }
        var schema = new JsonObject
        {
            ["parameters"] = new JsonObject
            {
                ["type"] = "object",
                ["properties"] = properties,
                ["required"] = new JsonArray(Parameters.Where(p => !p.IsOptional).Select(p => (JsonNode)p.Name).ToArray()),
                ["additionalProperties"] = false,
            },
            ["order"] = new JsonArray(Parameters.Select(p => (JsonNode)p.Name).ToArray()),
            ["security"] = Security.ToString().ToLowerInvariant(),
        };
        if (_resultKind is not (ResultKind.Void or ResultKind.Task or ResultKind.ValueTask))
        {
            schema["returns"] = JsonSchemaBuilder.For(_resultType);
        }
        if (Description is not null)
        {
            schema["description"] = Description;
        }
        return schema;
    }

    private static (ResultKind, Type) ClassifyResult(Type returnType)
    {
        if (returnType == typeof(void)) return (ResultKind.Void, typeof(void));
        if (returnType == typeof(Task)) return (ResultKind.Task, typeof(void));
        if (returnType == typeof(ValueTask)) return (ResultKind.ValueTask, typeof(void));
        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>))
        {
            return (ResultKind.TaskOfT, returnType.GetGenericArguments()[0]);
        }
        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(ValueTask<>))
        {
            return (ResultKind.ValueTaskOfT, returnType.GetGenericArguments()[0]);
        }
        return (ResultKind.Value, returnType);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name}({string.Join(", ", Parameters.Select(p => p.Name))})";

    private enum ResultKind { Void, Value, Task, ValueTask, TaskOfT, ValueTaskOfT }
}
