namespace PluginRuntime.Host.Rest.Models;

/// <summary>A system: its zones in settings order and its modules in addressing order.</summary>
internal sealed record SystemView(string Id, string Name, IReadOnlyList<string> Zones, IReadOnlyList<SystemModuleView> Modules);
