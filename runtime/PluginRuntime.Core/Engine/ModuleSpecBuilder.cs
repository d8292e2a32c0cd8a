using System.Text.Json.Nodes;
using PluginRuntime.Core.Config;
using PluginRuntime.Core.Modules;
using PluginRuntime.Core.Plugins;
using PluginRuntime.Core.Systems;

namespace PluginRuntime.Core.Engine;

/// <summary>Turns a validated config plus the loaded drivers into module specs and the system directory.</summary>
internal static class ModuleSpecBuilder
{
    /// <summary>The name a module is addressed by: its custom name, else its driver's default module name.</summary>
    public static string ModuleName(ModuleConfig module, IReadOnlyDictionary<string, LoadedDriver> drivers) =>
        module.Name ?? (drivers.TryGetValue(module.DriverId, out var driver) ? driver.Descriptor.DefaultModuleName : module.DriverId);

    public static SystemDirectory BuildDirectory(RuntimeConfig config, IReadOnlyDictionary<string, LoadedDriver> drivers) =>
        new(config.Systems.Select(system => (
            system.Id,
            system.Name,
            system.ZoneIds,
            (IReadOnlyList<(string, string)>)system.ModuleIds
                .Select(id => (id, ModuleName(config.ModulesById[id], drivers)))
                .ToArray())));

    /// <summary>Specs for every enabled module whose driver is loaded.</summary>
    public static Dictionary<string, ModuleSpec> BuildSpecs(RuntimeConfig config, IReadOnlyDictionary<string, LoadedDriver> drivers, SystemDirectory directory)
    {
        var specs = new Dictionary<string, ModuleSpec>(StringComparer.Ordinal);
        foreach (var module in config.Modules)
        {
            if (!module.Enabled || !drivers.TryGetValue(module.DriverId, out var driver))
            {
                continue;
            }
            string? home = directory.HomeSystemOf(module.Id);
            var settings = SettingsMerger.ForModule(config, module, home is null ? null : config.SystemsById[home], driver.Descriptor.DefaultSettings);
            specs[module.Id] = new ModuleSpec(module.Id, module.DriverId, new ModuleConnection(module.Ip, module.Port, module.Uri), settings, home);
        }
        return specs;
    }
}
