using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PluginRuntime.Sdk.Metadata;

/// <summary>
/// What the runtime knows about a driver class: its names, description, default settings, callable methods and
/// capability interfaces. Built once per loaded driver type by reflection.
/// </summary>
public sealed class DriverDescriptor
{
    private readonly Dictionary<string, MethodDescriptor> _methods;
    private readonly JsonObject _defaultSettings;

    private DriverDescriptor(Type type, DriverIdentity? identity)
    {
        var attribute = type.GetCustomAttribute<DriverAttribute>();
        DriverType = type;
        Name = identity?.Name ?? attribute?.Name ?? type.Name;
        DefaultModuleName = identity?.DefaultModuleName ?? attribute?.DefaultModuleName ?? type.Name;
        Description = identity is null ? attribute?.Description : identity.Description;
        _defaultSettings = identity?.DefaultSettings is { } defaults ? (JsonObject)defaults.DeepClone() : ParseDefaults(type);
        Capabilities = type.GetInterfaces().Where(i => i.IsPublic).ToArray();
        var methods = DiscoverMethods(type);
        Methods = methods;
        _methods = new Dictionary<string, MethodDescriptor>(StringComparer.Ordinal);
        foreach (var method in methods)
        {
            _methods[method.Name] = method;
            _methods.TryAdd(method.ClrName, method);
        }
    }

    /// <summary>The driver class.</summary>
    public Type DriverType { get; }

    /// <summary>From <see cref="DriverAttribute.Name"/>, else the class name.</summary>
    public string Name { get; }

    /// <summary>The module name used in <c>Name_index</c> unless a module has a custom name.</summary>
    public string DefaultModuleName { get; }

    /// <summary>What the driver does.</summary>
    public string? Description { get; }

    /// <summary>The class's default settings (an empty object when none); callers get a copy.</summary>
    public JsonObject DefaultSettings => (JsonObject)_defaultSettings.DeepClone();

    /// <summary>The public interfaces the driver implements (e.g. capability interfaces from the SDK).</summary>
    public IReadOnlyList<Type> Capabilities { get; }

    /// <summary>The callable methods in declaration order.</summary>
    public IReadOnlyList<MethodDescriptor> Methods { get; }

    /// <summary>Finds a method by wire name (snake_case) or C# name.</summary>
    public bool TryGetMethod(string name, out MethodDescriptor method) => _methods.TryGetValue(name, out method!);

    /// <summary>
    /// Finds a method of a running driver: the class's own (by wire or C# name), else one the instance declared at run
    /// time (<see cref="Driver.DeclareMethods"/>).
    /// </summary>
    public bool TryGetMethod(string name, Driver? instance, out MethodDescriptor method) =>
        _methods.TryGetValue(name, out method!) || (instance is not null && instance.TryGetDeclaredMethod(name, out method));

    /// <summary>The class's methods followed by those <paramref name="instance"/> declared at run time.</summary>
    public IReadOnlyList<MethodDescriptor> MethodsOf(Driver? instance) =>
        instance is null || instance.DeclaredMethods.Count == 0 ? Methods : [.. Methods, .. instance.DeclaredMethods];

    /// <summary>True when the driver implements <paramref name="capability"/>.</summary>
    public bool Implements(Type capability) => capability.IsAssignableFrom(DriverType);

    /// <summary>The driver's interface as JSON: each method's schema by wire name.</summary>
    public JsonObject DescribeInterface() => DescribeInterface(null);

    /// <summary>A running driver's interface: the class's methods and those it declared at run time.</summary>
    public JsonObject DescribeInterface(Driver? instance)
    {
        var result = new JsonObject();
        foreach (var method in MethodsOf(instance))
        {
            result[method.Name] = method.Schema.DeepClone();
        }
        return result;
    }

    /// <summary>Describes a driver class, or explains why it can't be one.</summary>
    /// <exception cref="DriverDefinitionException">The class can't be used as a driver; the message says why.</exception>
    public static DriverDescriptor Describe(Type type) => Describe(type, null);

    /// <summary>
    /// Describes a driver class that hosts code defined elsewhere (a script in another language), under the name,
    /// module name, description and default settings that code declares rather than the class's attributes.
    /// </summary>
    /// <exception cref="DriverDefinitionException">The class can't be used as a driver; the message says why.</exception>
    public static DriverDescriptor Describe(Type type, DriverIdentity? identity)
    {
        if (!typeof(Driver).IsAssignableFrom(type))
        {
            throw new DriverDefinitionException($"{type.FullName} does not derive from PluginRuntime.Sdk.Driver.");
        }
        if (type.IsAbstract || type.IsGenericTypeDefinition)
        {
            throw new DriverDefinitionException($"{type.FullName} is abstract or generic; a driver class must be concrete.");
        }
        if (type.GetConstructor(Type.EmptyTypes) is null)
        {
            throw new DriverDefinitionException($"{type.FullName} needs a public parameterless constructor.");
        }
        return new DriverDescriptor(type, identity);
    }

    private static JsonObject ParseDefaults(Type type)
    {
        var json = type.GetCustomAttribute<DefaultSettingsAttribute>()?.Json;
        if (string.IsNullOrWhiteSpace(json))
        {
            return new JsonObject();
        }
        try
        {
            return JsonNode.Parse(json) as JsonObject ?? throw new DriverDefinitionException(
                $"{type.FullName}: [DefaultSettings] must be a JSON object, e.g. {{\"poll_seconds\": 30}}.");
        }
        catch (JsonException ex)
        {
            throw new DriverDefinitionException($"{type.FullName}: [DefaultSettings] is not valid JSON: {ex.Message}");
        }
    }

    private static List<MethodDescriptor> DiscoverMethods(Type type)
    {
        var result = new List<MethodDescriptor>();
        var seen = new Dictionary<string, MethodInfo>(StringComparer.Ordinal);
        // Most-derived first, so an override replaces the base declaration; stop at Driver: its members are not callable.
        for (var current = type; current is not null && current != typeof(Driver); current = current.BaseType)
        {
            foreach (var method in current.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            {
                if (!IsCallable(method))
                {
                    continue;
                }
                string wireName = NameConventions.ToSnakeCase(method.Name);
                if (seen.TryGetValue(wireName, out var existing))
                {
                    if (existing.GetBaseDefinition() == method.GetBaseDefinition())
                    {
                        continue;
                    }
                    throw new DriverDefinitionException(
                        $"{type.FullName} has two callable methods named '{wireName}' ({Describe(existing)} and {Describe(method)}). " +
                        "Callers address methods by name, so rename one or mark it [Hidden].");
                }
                seen[wireName] = method;
                result.Add(new MethodDescriptor(method));
            }
        }
        return result;
    }

    private static bool IsCallable(MethodInfo method)
    {
        if (method.IsSpecialName || method.IsGenericMethodDefinition || method.IsAbstract)
        {
            return false;
        }
        var definition = method.GetBaseDefinition().DeclaringType;
        if (definition == typeof(object) || definition == typeof(Driver))
        {
            return false;
        }
        if (method.IsDefined(typeof(HiddenAttribute), inherit: true) || method.GetBaseDefinition().IsDefined(typeof(HiddenAttribute), true))
        {
            return false;
        }
        if (ImplementsDisposal(method))
        {
            return false; // the runtime calls it when the module stops; a caller must never dispose a running driver
        }
        return method.GetParameters().All(p => !p.ParameterType.IsByRef && !p.ParameterType.IsPointer && !p.ParameterType.IsByRefLike);
    }

    private static bool ImplementsDisposal(MethodInfo method)
    {
        var type = method.DeclaringType!;
        foreach (var disposal in new[] { typeof(IDisposable), typeof(IAsyncDisposable) })
        {
            if (disposal.IsAssignableFrom(type) && type.GetInterfaceMap(disposal).TargetMethods.Contains(method))
            {
                return true;
            }
        }
        return false;
    }

    private static string Describe(MethodInfo method) =>
        $"{method.DeclaringType?.Name}.{method.Name}({string.Join(", ", method.GetParameters().Select(p => p.ParameterType.Name))})";
}
