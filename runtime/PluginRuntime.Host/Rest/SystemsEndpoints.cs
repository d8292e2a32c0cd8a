using PluginRuntime.Core.Engine;
using PluginRuntime.Host.Rest.Models;

namespace PluginRuntime.Host.Rest;

/// <summary><c>GET systems</c> and <c>GET systems/{sys}</c>: systems in the caller's scope, with their modules' addresses.</summary>
internal static class SystemsEndpoints
{
    public static RouteGroupBuilder MapSystems(this RouteGroupBuilder api)
    {
        api.MapGet("/systems", (HttpContext http, RuntimeEngine engine) =>
            {
                var caller = RestAuthenticationFilter.CallerOf(http);
                var directory = engine.Directory;
                // Config order, which is the order operators wrote them in; the directory is a lookup.
                var systems = (engine.Config?.Systems ?? [])
                    .Where(s => caller.CanAccess(s.Id))
                    .Select(s => directory.TryGetSystem(s.Id, out var entry) ? RestAccess.ViewOf(entry) : null)
                    .OfType<SystemView>()
                    .ToArray();
                return Results.Json(systems);
            })
            .WithName("ListSystems")
            .WithSummary("Systems the caller may access, with each module's Name_index address and id.")
            .Produces<SystemView[]>();

        api.MapGet("/systems/{sys}", (string sys, HttpContext http, RestAccess access) =>
                access.TryGetSystem(RestAuthenticationFilter.CallerOf(http), sys, out var system, out var problem)
                    ? Results.Json(RestAccess.ViewOf(system))
                    : problem)
            .WithName("GetSystem")
            .WithSummary("One system, with each module's Name_index address and id.")
            .Produces<SystemView>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }
}
