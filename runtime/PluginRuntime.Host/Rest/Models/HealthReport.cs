namespace PluginRuntime.Host.Rest.Models;

/// <summary>
/// <c>ok</c> or <c>degraded</c>. Details are for authenticated callers only (modules in their scope; errors for
/// support and admin), so an anonymous probe learns whether the runtime is well and nothing about its layout.
/// </summary>
internal sealed record HealthReport(
    string Status,
    bool ConfigLoaded,
    IReadOnlyList<ModuleHealth>? Modules,
    IReadOnlyList<string>? ConfigErrors,
    IReadOnlyDictionary<string, string>? DriverErrors);
