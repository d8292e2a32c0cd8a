using PluginRuntime.Core.Engine;
using PluginRuntime.Host.Rest.Models;
using PluginRuntime.Sdk;

namespace PluginRuntime.Host.Rest;

/// <summary>
/// <c>GET config/status</c>: what config runs and what is wrong. Support clearance or above: errors show file
/// paths and driver internals that an ordinary user (a room panel) has no use for.
/// </summary>
internal static class ConfigStatusEndpoints
{
    public static RouteGroupBuilder MapConfigStatus(this RouteGroupBuilder api)
    {
        api.MapGet("/config/status", (HttpContext http, RuntimeEngine engine, ConfigFolder folder, RestAccess access) =>
            {
                if (!access.HasClearance(RestAuthenticationFilter.CallerOf(http), SecurityLevel.Support, "The config status", out var problem))
                {
                    return problem;
                }
                var config = engine.Config;
                var counts = config is null
                    ? new ConfigCounts(0, 0, 0, 0, 0, 0)
                    : new ConfigCounts(config.Zones.Length, config.Drivers.Length, config.Modules.Length, config.Systems.Length,
                        config.ApiKeys.Length, config.Users.Length);
                return Results.Json(new ConfigStatusView(
                    config is not null,
                    folder.Path,
                    config?.Org.Id,
                    counts,
                    [.. engine.ConfigErrors.Select(e => e.ToString())],
                    engine.DriverErrors.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal),
                    config?.Auth?.JwtSecret is not null));
            })
            .WithName("GetConfigStatus")
            .WithSummary("Counts of what the running config declares, the last failed edit's errors (file:line:col: message) and driver load errors.")
            .Produces<ConfigStatusView>()
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return api;
    }
}
