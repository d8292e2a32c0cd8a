using System.Text.Json.Nodes;

namespace PluginRuntime.Core.Config;

/// <summary>A zone (org, building, level, area...): a place systems belong to and a layer of settings.</summary>
/// <param name="ParentId">The parent zone's id, or null for a root zone. The loader guarantees it exists and that
/// parents form no cycle.</param>
/// <param name="Settings">Treat as read-only: it is shared by every reader of this config. Use
/// <see cref="SettingsMerger"/>, which deep-clones, to build settings to hand out.</param>
internal sealed record ZoneConfig(
    string Id,
    string Name,
    IReadOnlyList<string> Tags,
    string? ParentId,
    JsonObject Settings,
    SourceLocation Location);
