namespace PluginRuntime.Core.Systems;

/// <summary>A system as the engine runs it: its modules in order with their <c>Name_index</c> addresses.</summary>
internal sealed record SystemEntry(string Id, string Name, IReadOnlyList<string> ZoneIds, IReadOnlyList<SystemModule> Modules);
