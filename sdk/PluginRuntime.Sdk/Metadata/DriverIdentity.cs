using System.Text.Json.Nodes;

namespace PluginRuntime.Sdk.Metadata;

/// <summary>
/// How a driver presents itself when its class only hosts code written elsewhere (e.g. one C# class runs every
/// JavaScript driver): these replace what the class's <see cref="DriverAttribute"/> and
/// <see cref="DefaultSettingsAttribute"/> would say.
/// </summary>
/// <param name="Name">The driver's display name.</param>
/// <param name="DefaultModuleName">The module name used in <c>Name_index</c>.</param>
/// <param name="Description">What the driver does.</param>
/// <param name="DefaultSettings">The lowest layer of the settings merge; null for none.</param>
public sealed record DriverIdentity(string Name, string DefaultModuleName, string? Description = null, JsonObject? DefaultSettings = null);
