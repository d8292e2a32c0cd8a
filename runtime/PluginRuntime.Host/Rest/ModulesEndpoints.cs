using PluginRuntime.Core.Config;
using PluginRuntime.Core.Engine;
using PluginRuntime.Host.Rest.Models;

namespace PluginRuntime.Host.Rest;

/// <summary><c>GET modules</c>, <c>GET modules/{id}</c> and <c>GET modules/{id}/state</c>: modules by id, in the caller's scope.</summary>
internal static class ModulesEndpoints
{
    public static RouteGroupBuilder MapModules(this RouteGroupBuilder api)
    {
        api.MapGet("/modules", (HttpContext http, RuntimeEngine engine, RestAccess access) =>
            {
                var caller = RestAuthenticationFilter.CallerOf(http);
                var modules = (engine.Config?.Modules ?? [])
                    .Where(m => access.MaySee(caller, m.Id))
                    .Select(m => ViewOf(m, engine, caller))
                    .ToArray();
                return Results.Json(modules);
            })
            .WithName("ListModules")
            .WithSummary("Modules in systems the caller may access, running or not.")
            .Produces<ModuleView[]>();

        api.MapGet("/modules/{id}", (string id, HttpContext http, RuntimeEngine engine, RestAccess access) =>
            {
                var caller = RestAuthenticationFilter.CallerOf(http);
                return access.TryGetModule(caller, id, out var module, out var problem)
                    ? Results.Json(ViewOf(module, engine, caller))
                    : problem;
            })
            .WithName("GetModule")
            .WithSummary("One module: its driver, whether it runs (or why not) and where it is addressed.")
            .Produces<ModuleView>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/modules/{id}/state", (string id, HttpContext http, RuntimeEngine engine, RestAccess access) =>
                access.TryGetModuleData(RestAuthenticationFilter.CallerOf(http), id, out var problem)
                    ? ModuleStateEndpoints.StatusObject(engine, id)
                    : problem)
            .WithName("GetModuleStateById")
            .WithSummary("A module's whole status as one JSON object of raw values.")
            .Produces<Dictionary<string, System.Text.Json.JsonElement>>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    /// <summary>The module as the caller may see it: only the places in systems it may access.</summary>
    private static ModuleView ViewOf(ModuleConfig module, RuntimeEngine engine, Core.Exec.Caller caller)
    {
        engine.TryGetModule(module.Id, out var instance);
        var places = engine.Directory.PlacesOf(module.Id).Where(p => caller.CanAccess(p.System.Id)).Select(p => new ModulePlaceView(p.System.Id, p.Module.ToString())).ToArray();
        return new ModuleView(module.Id, module.DriverId, instance?.Driver.Descriptor.Name, module.Enabled,
            instance?.IsRunning ?? false, instance?.StartError, places);
    }
}
