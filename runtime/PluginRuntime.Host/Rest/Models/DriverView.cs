namespace PluginRuntime.Host.Rest.Models;

/// <summary>A configured driver; name, description and default module name are known once its code has loaded.</summary>
/// <param name="Error">Why the driver's current code did not load (previous code, if any, keeps running).</param>
internal sealed record DriverView(string Id, string? Name, string? Description, string? DefaultModuleName, bool Loaded, string? Error);
