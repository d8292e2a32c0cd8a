using System.Text.Json;
using PluginRuntime.Core.Config;
using PluginRuntime.Core.Plugins;
using PluginRuntime.Core.Systems;

namespace PluginRuntime.Host.Mqtt;

/// <summary>
/// Where each module's status goes, per the PlaceOS MQTT layout, for one config: every place a module has in a
/// system gives one topic prefix <c>placeos/&lt;org&gt;/state/&lt;bld&gt;/&lt;lvl&gt;/&lt;area&gt;/&lt;sys&gt;/&lt;drv&gt;/&lt;mod&gt;/&lt;idx&gt;/</c>,
/// and the metadata topics with their payloads. Immutable; a config change builds a new one.
/// </summary>
/// <remarks>
/// <c>&lt;drv&gt;</c> is the driver id, <c>&lt;mod&gt;</c> the module's name in the system and <c>&lt;idx&gt;</c> its index
/// (<c>Display_1</c> → <c>Display/1</c>): the seed's wildcard examples put a name ("Display") in the module level and
/// a driver id ("dep-123") in the driver level. Building, level and area come from the system's zones by tag, then
/// from their ancestors; the first zone with the tag wins, <c>_</c> when none has it.
/// </remarks>
internal sealed class MqttTopicMap
{
    public const string Missing = "_";

    private readonly Dictionary<string, string[]> _prefixes;

    private MqttTopicMap(string org, Dictionary<string, string[]> prefixes, Dictionary<string, byte[]> metadata)
    {
        Org = org;
        _prefixes = prefixes;
        Metadata = metadata;
    }

    public string Org { get; }

    /// <summary>Modules that have at least one place in a system (and so have topics).</summary>
    public IEnumerable<string> Modules => _prefixes.Keys;

    /// <summary>Metadata topic → retained JSON payload, for the org, every zone, system and driver.</summary>
    public IReadOnlyDictionary<string, byte[]> Metadata { get; }

    public static string MetadataTopic(string org, string id) => $"placeos/{org}/metadata/{id}";

    /// <summary>The topics a status key of a module is published under; empty when it has no place or the key can't be a topic level.</summary>
    public string[] StateTopics(string moduleId, string key)
    {
        if (!IsValidKey(key) || !_prefixes.TryGetValue(moduleId, out var prefixes))
        {
            return [];
        }
        var topics = new string[prefixes.Length];
        for (var i = 0; i < prefixes.Length; i++)
        {
            topics[i] = prefixes[i] + key;
        }
        return topics;
    }

    /// <summary>
    /// A status key becomes one topic level: '/' would add levels and break the seed's wildcard positions, and
    /// '+' / '#' are not allowed in topic names.
    /// </summary>
    public static bool IsValidKey(string key) => key.Length > 0 && key.AsSpan().IndexOfAny("/+#\0") < 0;

    public static MqttTopicMap Build(RuntimeConfig config, SystemDirectory directory, IReadOnlyDictionary<string, LoadedDriver> drivers)
    {
        var org = config.Org.Id;
        var prefixes = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var system in directory.Systems)
        {
            var building = ZoneWithTag(config, system.ZoneIds, ZoneTags.Building);
            var level = ZoneWithTag(config, system.ZoneIds, ZoneTags.Level);
            var area = ZoneWithTag(config, system.ZoneIds, ZoneTags.Area);
            foreach (var module in system.Modules)
            {
                if (!config.ModulesById.TryGetValue(module.ModuleId, out var moduleConfig))
                {
                    continue;
                }
                var prefix = $"placeos/{org}/state/{building}/{level}/{area}/{system.Id}/{moduleConfig.DriverId}/{module.Name}/{module.Index}/";
                if (!prefixes.TryGetValue(module.ModuleId, out var list))
                {
                    prefixes[module.ModuleId] = list = [];
                }
                list.Add(prefix);
            }
        }

        var metadata = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            [MetadataTopic(org, org)] = Json(w => w.WriteString("name", config.Org.Name)),
        };
        foreach (var zone in config.Zones)
        {
            metadata[MetadataTopic(org, zone.Id)] = Json(w =>
            {
                w.WriteString("name", zone.Name);
                w.WriteStartArray("tags");
                foreach (var tag in zone.Tags)
                {
                    w.WriteStringValue(tag);
                }
                w.WriteEndArray();
                w.WriteString("parent_id", zone.ParentId);
            });
        }
        foreach (var system in config.Systems)
        {
            metadata[MetadataTopic(org, system.Id)] = Json(w =>
            {
                w.WriteString("name", system.Name);
                w.WriteStartArray("zones");
                foreach (var zone in system.ZoneIds)
                {
                    w.WriteStringValue(zone);
                }
                w.WriteEndArray();
                w.WriteStartArray("modules");
                foreach (var module in system.ModuleIds)
                {
                    w.WriteStringValue(module);
                }
                w.WriteEndArray();
            });
        }
        foreach (var driver in config.Drivers)
        {
            // A driver whose code failed to load still gets a name: its id is the best we know.
            drivers.TryGetValue(driver.Id, out var loaded);
            metadata[MetadataTopic(org, driver.Id)] = Json(w =>
            {
                w.WriteString("name", loaded?.Descriptor.Name ?? driver.Id);
                w.WriteString("module_name", loaded?.Descriptor.DefaultModuleName);
                w.WriteString("description", loaded?.Descriptor.Description);
            });
        }
        return new MqttTopicMap(org, prefixes.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal), metadata);
    }

    private static string ZoneWithTag(RuntimeConfig config, IReadOnlyList<string> zoneIds, string tag)
    {
        // The system's own zones first, in its order; then their ancestors, nearest first.
        foreach (var id in zoneIds)
        {
            if (config.ZonesById.TryGetValue(id, out var zone) && zone.Tags.Contains(tag, StringComparer.Ordinal))
            {
                return zone.Id;
            }
        }
        foreach (var id in zoneIds)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var parent = config.ZonesById.GetValueOrDefault(id)?.ParentId; parent is not null && seen.Add(parent);
                 parent = config.ZonesById.GetValueOrDefault(parent)?.ParentId)
            {
                if (config.ZonesById.TryGetValue(parent, out var zone) && zone.Tags.Contains(tag, StringComparer.Ordinal))
                {
                    return zone.Id;
                }
            }
        }
        return Missing;
    }

    private static byte[] Json(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }
        return stream.ToArray();
    }
}
