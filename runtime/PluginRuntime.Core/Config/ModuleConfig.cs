using System.Text.Json.Nodes;

namespace PluginRuntime.Core.Config;

/// <summary>A running instance of a driver, with its own settings and connection.</summary>
/// <param name="Name">Custom module name (used in <c>Name_index</c> addressing), or null to use the driver's
/// default name.</param>
/// <param name="Ip">Host name or IP address of a TCP device; <paramref name="Port"/> is then set too.</param>
/// <param name="Uri">Absolute http, https, ws or wss address; never set together with <paramref name="Ip"/>.</param>
/// <param name="Settings">The module's own settings layer (highest precedence). Treat as read-only.</param>
internal sealed record ModuleConfig(
    string Id,
    string DriverId,
    string? Name,
    string? Ip,
    int? Port,
    Uri? Uri,
    bool Enabled,
    JsonObject Settings,
    SourceLocation Location);
