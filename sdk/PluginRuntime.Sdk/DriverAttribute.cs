namespace PluginRuntime.Sdk;

/// <summary>Describes a driver class: its name, the name its modules get in a system, and what it is for.</summary>
/// <param name="name">The driver's display name, e.g. "Acme Projector".</param>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class DriverAttribute(string name) : Attribute
{
    /// <summary>The driver's display name.</summary>
    public string Name { get; } = name;

    /// <summary>The module name used in <c>Name_index</c> addressing unless the module has a custom name.</summary>
    public string? DefaultModuleName { get; init; }

    /// <summary>What the driver does, for operators.</summary>
    public string? Description { get; init; }
}
