using PluginRuntime.Core.Engine;
using PluginRuntime.Host.Rest.Models;

namespace PluginRuntime.Host.Rest;

/// <summary><c>GET zones</c>: every zone for an unscoped caller; for a scoped one, the zones of its systems and their ancestors.</summary>
internal static class ZonesEndpoints
{
    public static RouteGroupBuilder MapZones(this RouteGroupBuilder api)
    {
        api.MapGet("/zones", (HttpContext http, RuntimeEngine engine) =>
            {
                var caller = RestAuthenticationFilter.CallerOf(http);
                var config = engine.Config;
                if (config is null)
                {
                    return Results.Json(Array.Empty<ZoneView>());
                }
                HashSet<string>? visible = null;
                if (caller.MayAccessSystem is not null)
                {
                    // Ancestors too, so a client can place a level in its building without seeing the building's other rooms.
                    visible = new HashSet<string>(StringComparer.Ordinal);
                    foreach (var zoneId in config.Systems.Where(s => caller.CanAccess(s.Id)).SelectMany(s => s.ZoneIds))
                    {
                        for (string? z = zoneId; z is not null && visible.Add(z); z = config.ZonesById.TryGetValue(z, out var zone) ? zone.ParentId : null)
                        {
                        }
                    }
                }
                var zones = config.Zones
                    .Where(z => visible?.Contains(z.Id) ?? true)
                    .Select(z => new ZoneView(z.Id, z.Name, z.Tags, z.ParentId))
                    .ToArray();
                return Results.Json(zones);
            })
            .WithName("ListZones")
            .WithSummary("Zones the caller's systems belong to (all zones for an unscoped caller).")
            .Produces<ZoneView[]>();
        return api;
    }
}
