using System.Collections.Frozen;
using PluginRuntime.Core.Config;
using PluginRuntime.Core.Engine;
using PluginRuntime.Sdk;

namespace PluginRuntime.Host.Auth;

/// <summary>Turns an api key's or user's role and scope into what a <see cref="Core.Exec.Caller"/> carries.</summary>
internal static class CallerScope
{
    public static SecurityLevel ClearanceOf(ApiKeyRole role) => role switch
    {
        ApiKeyRole.Admin => SecurityLevel.Admin,
        ApiKeyRole.Support => SecurityLevel.Support,
        _ => SecurityLevel.User,
    };

    /// <summary>
    /// Null (every system) when no systems or zones are listed; otherwise a filter that allows a system listed in
    /// <paramref name="systemIds"/>, or one with a zone that is in <paramref name="zoneIds"/> or has an ancestor there.
    /// </summary>
    /// <remarks>
    /// The filter reads the engine's directory and zone parents when it is asked, not when it is made, so a caller
    /// held by a long-lived connection follows config edits that move systems between zones.
    /// </remarks>
    public static Func<string, bool>? FilterFor(IReadOnlyList<string> systemIds, IReadOnlyList<string> zoneIds, RuntimeEngine engine)
    {
        if (systemIds.Count == 0 && zoneIds.Count == 0)
        {
            return null;
        }
        var systems = systemIds.ToFrozenSet(StringComparer.Ordinal);
        var zones = zoneIds.ToFrozenSet(StringComparer.Ordinal);
        return systemId =>
        {
            if (systems.Contains(systemId))
            {
                return true;
            }
            if (zones.Count == 0 || !engine.Directory.TryGetSystem(systemId, out var system))
            {
                return false;
            }
            var zonesById = engine.Config?.ZonesById;
            return system.ZoneIds.Any(zone => InOrUnder(zone, zones, zonesById));
        };
    }

    private static bool InOrUnder(string zoneId, FrozenSet<string> scope, IReadOnlyDictionary<string, ZoneConfig>? zonesById)
    {
        // The loader rules out parent cycles; the step bound only keeps a hand-built config from looping forever.
        string? current = zoneId;
        for (int steps = 0; current is not null && steps <= (zonesById?.Count ?? 0); steps++)
        {
            if (scope.Contains(current))
            {
                return true;
            }
            current = zonesById is not null && zonesById.TryGetValue(current, out var zone) ? zone.ParentId : null;
        }
        return false;
    }
}
