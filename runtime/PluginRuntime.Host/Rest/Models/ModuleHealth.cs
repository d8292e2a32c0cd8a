namespace PluginRuntime.Host.Rest.Models;

/// <summary>One module in the health report.</summary>
internal sealed record ModuleHealth(string Id, string Driver, string DriverName, bool Running, string? Error);
