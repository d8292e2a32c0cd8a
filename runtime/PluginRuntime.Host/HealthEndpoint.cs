using PluginRuntime.Core.Engine;

namespace PluginRuntime.Host;

/// <summary><c>GET /api/engine/v2/health</c>: whether every module runs, and any config or driver errors.</summary>
internal static class HealthEndpoint
{
    public static void MapHealth(this WebApplication app) =>
        app.MapGet("/api/engine/v2/health", (RuntimeEngine engine) =>
        {
            var modules = engine.Modules
                .OrderBy(m => m.Id, StringComparer.Ordinal)
                .Select(m => new ModuleHealth(m.Id, m.Spec.DriverId, m.Driver.Descriptor.Name, m.IsRunning, m.StartError))
                .ToArray();
            var configErrors = engine.ConfigErrors.Select(e => e.ToString()).ToArray();
            var driverErrors = engine.DriverErrors.ToDictionary(e => e.Key, e => e.Value);
            bool healthy = configErrors.Length == 0 && driverErrors.Count == 0 && modules.All(m => m.Running && m.Error is null);
            return Results.Json(new HealthReport(healthy ? "ok" : "degraded", engine.Config is not null, modules, configErrors, driverErrors));
        });

    internal sealed record HealthReport(string Status, bool ConfigLoaded, ModuleHealth[] Modules, string[] ConfigErrors, Dictionary<string, string> DriverErrors);

    internal sealed record ModuleHealth(string Id, string Driver, string DriverName, bool Running, string? Error);
}
