using System.Text.Json.Nodes;

namespace PluginRuntime.Core.Config;

/// <summary>
/// Value comparisons for diffing one config against the next.
/// </summary>
/// <remarks>
/// The config records' generated <c>Equals</c> compares <see cref="JsonObject"/> settings and lists by reference
/// and includes <see cref="SourceLocation"/>, so two loads of the same file are never <c>==</c>. A diff should
/// compare the members it cares about: strings, ints and enums with <c>==</c>, id lists with
/// <see cref="Enumerable.SequenceEqual{TSource}(IEnumerable{TSource}, IEnumerable{TSource})"/>, and settings with
/// <see cref="JsonEquals"/>. Ignore <c>Location</c>: moving an entry within a file is not a change.
/// </remarks>
internal static class ConfigEquality
{
    /// <summary>
    /// True when both nodes hold the same JSON: object property order is ignored, array order is not, and numbers
    /// compare by value (so <c>1</c> from YAML equals <c>1</c> parsed from JSON).
    /// </summary>
    public static bool JsonEquals(JsonNode? a, JsonNode? b) => JsonNode.DeepEquals(a, b);
}
