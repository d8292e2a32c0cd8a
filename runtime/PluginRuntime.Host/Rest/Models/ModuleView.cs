namespace PluginRuntime.Host.Rest.Models;

/// <summary>
/// A module as configured and as running. Settings and connection details are left out: they may hold credentials.
/// </summary>
/// <param name="Driver">The driver id from the config.</param>
/// <param name="DriverName">The driver's own name, once its code has loaded.</param>
/// <param name="Error">Why the module could not start, if it could not.</param>
internal sealed record ModuleView(
    string Id,
    string Driver,
    string? DriverName,
    bool Enabled,
    bool Running,
    string? Error,
    IReadOnlyList<ModulePlaceView> Systems);
