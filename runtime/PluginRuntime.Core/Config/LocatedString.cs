namespace PluginRuntime.Core.Config;

/// <summary>A text value from YAML with where it was written, kept so a later check can point at it.</summary>
internal sealed record LocatedString(string Value, SourceLocation Location)
{
    public override string ToString() => Value;
}
