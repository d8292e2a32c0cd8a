using System.Text.Json.Nodes;

namespace PluginRuntime.Core.Config;

/// <summary>An ordered list of modules (a room, a floor) that belongs to zones.</summary>
/// <param name="ZoneIds">In settings precedence order: a later zone wins over an earlier one.</param>
/// <param name="ModuleIds">In addressing order: <c>Name_index</c> counts from 1 along this list.</param>
/// <param name="Settings">The system's settings layer (above zones, below modules). Treat as read-only.</param>
internal sealed record SystemConfig(
    string Id,
    string Name,
    IReadOnlyList<string> ZoneIds,
    IReadOnlyList<string> ModuleIds,
    JsonObject Settings,
    SourceLocation Location);
