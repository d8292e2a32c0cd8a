using System.Text.Json.Nodes;

namespace PluginRuntime.Core.Config;

/// <summary>
/// Layers settings objects into the settings a module runs with. Precedence, lowest first: the driver class's
/// defaults, the driver entry's settings, the system's zones (each zone's ancestors before the zone, later zones
/// over earlier ones), the system, the module.
/// </summary>
/// <remarks>
/// Results are deep copies: a driver that changes the object it was handed can't change the loaded config, the
/// next module's settings, or what the next diff compares against.
/// </remarks>
internal static class SettingsMerger
{
    /// <summary>
    /// Deep-merges <paramref name="layersLowestFirst"/>: objects merge key by key, recursively; anything else
    /// (arrays, strings, numbers...) in a higher layer replaces the lower value whole; an explicit null in a higher
    /// layer deletes the key. Null layers are skipped. The result shares no nodes with the inputs.
    /// </summary>
    public static JsonObject Merge(params IEnumerable<JsonObject?> layersLowestFirst)
    {
        var result = new JsonObject();
        foreach (var layer in layersLowestFirst)
        {
            if (layer is not null)
            {
                MergeInto(result, layer);
            }
        }
        return result;
    }

    /// <summary>
    /// The settings <paramref name="module"/> runs with inside <paramref name="system"/> (or on its own, when
    /// <paramref name="system"/> is null: then only driver defaults, driver settings and the module apply).
    /// </summary>
    /// <param name="driverClassDefaults">The driver class's declared default settings, or null for none.</param>
    /// <exception cref="ArgumentException">The module isn't in the system, or its driver isn't in the config.</exception>
    public static JsonObject ForModule(RuntimeConfig config, ModuleConfig module, SystemConfig? system, JsonObject? driverClassDefaults)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(module);
        if (!config.DriversById.TryGetValue(module.DriverId, out var driver))
        {
            throw new ArgumentException($"Module '{module.Id}' names driver '{module.DriverId}', which this config doesn't have.", nameof(module));
        }
        if (system is not null && !system.ModuleIds.Contains(module.Id, StringComparer.Ordinal))
        {
            throw new ArgumentException($"Module '{module.Id}' is not in system '{system.Id}'.", nameof(system));
        }

        var layers = new List<JsonObject?> { driverClassDefaults, driver.Settings };
        if (system is not null)
        {
            layers.AddRange(ZoneLayers(config, system).Select(z => z.Settings));
            layers.Add(system.Settings);
        }
        layers.Add(module.Settings);
        return Merge(layers);
    }

    /// <summary>
    /// The zones whose settings apply to <paramref name="system"/>, lowest precedence first: for each of the
    /// system's zones in order, its ancestors (root first) and then the zone. A zone reached twice (a shared
    /// building above two levels) keeps its first, lower place, so it never overrides a zone below it.
    /// </summary>
    public static IReadOnlyList<ZoneConfig> ZoneLayers(RuntimeConfig config, SystemConfig system)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(system);
        var ordered = new List<ZoneConfig>();
        var placed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var zoneId in system.ZoneIds)
        {
            var chain = new List<ZoneConfig>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            // `seen` guards against a parent cycle in a hand-built config; the loader already rejects them.
            for (var id = zoneId; id is not null && seen.Add(id) && config.ZonesById.TryGetValue(id, out var zone); id = zone.ParentId)
            {
                chain.Add(zone);
            }
            chain.Reverse();
            ordered.AddRange(chain.Where(z => placed.Add(z.Id)));
        }
        return ordered;
    }

    private static void MergeInto(JsonObject target, JsonObject layer)
    {
        foreach (var (key, value) in layer)
        {
            switch (value)
            {
                case null:
                    target.Remove(key);
                    break;
                case JsonObject objectValue when target[key] is JsonObject existing:
                    MergeInto(existing, objectValue);
                    break;
                case JsonObject objectValue:
                    // Merging into a fresh object (not cloning) applies the same rule to nested nulls: they delete,
                    // so a result never holds a null property whatever layer it came from.
                    var fresh = new JsonObject();
                    MergeInto(fresh, objectValue);
                    target[key] = fresh;
                    break;
                default:
                    target[key] = value.DeepClone();
                    break;
            }
        }
    }
}
