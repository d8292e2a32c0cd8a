using PluginRuntime.Sdk;

namespace PluginRuntime.Core.Exec;

/// <summary>Who is calling: their clearance, and which systems they may reach.</summary>
/// <param name="Name">For logs: an API key's name, a user, or a module id.</param>
/// <param name="Clearance">The highest method security level they may call.</param>
/// <param name="MayAccessSystem">Null for every system; otherwise a filter on system ids.</param>
internal sealed record Caller(string Name, SecurityLevel Clearance, Func<string, bool>? MayAccessSystem = null)
{
    /// <summary>The runtime itself (and modules calling siblings in their own system).</summary>
    public static readonly Caller Internal = new("runtime", SecurityLevel.Admin);

    public bool CanAccess(string systemId) => MayAccessSystem?.Invoke(systemId) ?? true;
}
