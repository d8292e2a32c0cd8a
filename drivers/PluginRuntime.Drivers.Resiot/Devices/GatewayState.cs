using System.Text.Json.Nodes;

namespace PluginRuntime.Drivers.Resiot.Devices;

/// <summary>A gateway's last sign of life, published as its <c>gateway_&lt;eui&gt;</c> status.</summary>
internal sealed class GatewayState(string eui)
{
    public string Eui { get; } = eui;

    public DateTimeOffset? LastAlive { get; set; }

    public long Alives { get; set; }

    public string Connector { get; set; } = "";

    public DateTimeOffset? LastSeen { get; set; }

    public JsonObject ToStatus() => new()
    {
        ["eui"] = Eui,
        ["last_alive"] = LastAlive?.ToString("O"),
        ["alives"] = Alives,
        ["last_seen"] = LastSeen?.ToString("O"),
        ["connector"] = Connector,
    };
}
