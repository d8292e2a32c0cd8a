using PluginRuntime.Core.Engine;
using PluginRuntime.Host.Rest.Models;

namespace PluginRuntime.Host.Rest;

/// <summary>
/// <c>GET drivers</c>: configured drivers; a scoped caller sees those of the modules it may see, and only support
/// or admin see load errors.
/// </summary>
internal static class DriversEndpoints
{
    public static RouteGroupBuilder MapDrivers(this RouteGroupBuilder api)
    {
        api.MapGet("/drivers", (HttpContext http, RuntimeEngine engine, RestAccess access) =>
            {
                var caller = RestAuthenticationFilter.CallerOf(http);
                var config = engine.Config;
                if (config is null)
                {
                    return Results.Json(Array.Empty<DriverView>());
                }
                HashSet<string>? visible = caller.MayAccessSystem is null
                    ? null
                    : config.Modules.Where(m => access.MaySee(caller, m.Id)).Select(m => m.DriverId).ToHashSet(StringComparer.Ordinal);
                var loaded = engine.LoadedDrivers;
                // Load errors show file paths and compiler output: for support and admin only, as config/status.
                bool showErrors = caller.Clearance >= Sdk.SecurityLevel.Support;
                var drivers = config.Drivers
                    .Where(d => visible?.Contains(d.Id) ?? true)
                    .Select(d =>
                    {
                        var descriptor = loaded.TryGetValue(d.Id, out var driver) ? driver.Descriptor : null;
                        return new DriverView(d.Id, descriptor?.Name, descriptor?.Description, descriptor?.DefaultModuleName,
                            descriptor is not null, showErrors && engine.DriverErrors.TryGetValue(d.Id, out var error) ? error : null);
                    })
                    .ToArray();
                return Results.Json(drivers);
            })
            .WithName("ListDrivers")
            .WithSummary("Configured drivers with their name, description and default module name.")
            .Produces<DriverView[]>();
        return api;
    }
}
