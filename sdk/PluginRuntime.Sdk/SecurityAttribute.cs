namespace PluginRuntime.Sdk;

/// <summary>Marks a callable method as needing more than user clearance.</summary>
/// <param name="level">The clearance a caller needs.</param>
[AttributeUsage(AttributeTargets.Method, Inherited = true)]
public sealed class SecurityAttribute(SecurityLevel level) : Attribute
{
    /// <summary>The clearance a caller needs.</summary>
    public SecurityLevel Level { get; } = level;
}
