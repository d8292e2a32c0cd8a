namespace PluginRuntime.Host.Rest.Models;

/// <summary>A zone. Settings are left out on purpose: they may hold device credentials.</summary>
internal sealed record ZoneView(string Id, string Name, IReadOnlyList<string> Tags, string? Parent);
