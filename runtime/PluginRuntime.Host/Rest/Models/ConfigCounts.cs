namespace PluginRuntime.Host.Rest.Models;

/// <summary>How many of each entry the running config has.</summary>
internal sealed record ConfigCounts(int Zones, int Drivers, int Modules, int Systems, int ApiKeys, int Users);
