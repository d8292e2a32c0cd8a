namespace PluginRuntime.Core.Config;

/// <summary>One problem in the configuration, with where it is and what to do about it.</summary>
internal sealed record ConfigError(SourceLocation Location, string Message)
{
    // The compiler-style shape lets editors and terminals turn the position into a link.
    public override string ToString() => $"{Location}: {Message}";
}
