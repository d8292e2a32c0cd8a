using System.Text.Json.Nodes;

namespace PluginRuntime.Core.Modules;

/// <summary>
/// Everything that decides how a module runs, derived from the config: comparing two specs tells the engine
/// whether a config edit must restart, reconnect, or just update the module.
/// </summary>
/// <param name="Id">The module id.</param>
/// <param name="DriverId">The config id of its driver.</param>
/// <param name="Connection">Its device connection.</param>
/// <param name="Settings">Its merged settings (module &gt; system &gt; zones &gt; driver config &gt; class defaults).</param>
/// <param name="HomeSystemId">The system it answers cross-module calls in (the first system that lists it).</param>
internal sealed record ModuleSpec(string Id, string DriverId, ModuleConnection Connection, JsonObject Settings, string? HomeSystemId)
{
    public bool SameSettingsAs(ModuleSpec other) => JsonNode.DeepEquals(Settings, other.Settings);
}
