using PluginRuntime.Core.Engine;
using PluginRuntime.Host.Auth;
using PluginRuntime.Host.Rest.Models;
using PluginRuntime.Sdk;

namespace PluginRuntime.Host.Rest;

/// <summary>
/// <c>GET health</c>: open to anyone, so load balancers and probes need no key, but only the verdict without
/// credentials. With valid credentials: the modules in the caller's scope, and (support and admin) config and
/// driver errors. Bad credentials are refused rather than silently treated as none, so a typo is noticed.
/// </summary>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app, string prefix)
    {
        app.MapGet(prefix + "/health", (HttpContext http, RuntimeEngine engine, IRequestAuthenticator authenticator, RestAccess access) =>
            {
                var modules = engine.Modules
                    .OrderBy(m => m.Id, StringComparer.Ordinal)
                    .Select(m => new ModuleHealth(m.Id, m.Spec.DriverId, m.Driver.Descriptor.Name, m.IsRunning, m.StartError))
                    .ToArray();
                bool healthy = engine.ConfigErrors.Count == 0 && engine.DriverErrors.IsEmpty && modules.All(m => m.Running && m.Error is null);
                var status = healthy ? "ok" : "degraded";
                bool configLoaded = engine.Config is not null;

                if (CredentialReader.Read(http.Request, out var malformed) is null && malformed is null)
                {
                    return Results.Json(new HealthReport(status, configLoaded, null, null, null));
                }
                var result = authenticator.Authenticate(http);
                if (result.Caller is not { } caller)
                {
                    http.Response.Headers.WWWAuthenticate = "Bearer";
                    return RestProblems.Unauthenticated(result.Failure ?? RequestAuthenticator.NoCredentials);
                }
                bool support = caller.Clearance >= SecurityLevel.Support;
                return Results.Json(new HealthReport(status, configLoaded,
                    [.. modules.Where(m => access.MaySee(caller, m.Id))],
                    support ? [.. engine.ConfigErrors.Select(e => e.ToString())] : null,
                    support ? engine.DriverErrors.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal) : null));
            })
            .WithName("GetHealth")
            .WithSummary("ok or degraded; with credentials, also the modules in scope and (support, admin) config and driver errors.")
            .Produces<HealthReport>()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        return app;
    }
}
