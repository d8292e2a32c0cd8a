namespace PluginRuntime.Host.Rest.Models;

/// <summary>A system that lists a module, and the module's address there.</summary>
internal sealed record ModulePlaceView(string SystemId, string Address);
