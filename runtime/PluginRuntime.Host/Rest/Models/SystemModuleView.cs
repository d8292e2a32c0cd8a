namespace PluginRuntime.Host.Rest.Models;

/// <summary>A module's place in a system: <c>address</c> is how clients name it there (<c>Name_index</c>).</summary>
internal sealed record SystemModuleView(string Address, string ModuleId, string Name, int Index);
