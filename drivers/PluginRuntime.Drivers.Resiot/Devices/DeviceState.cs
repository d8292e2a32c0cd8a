using System.Text.Json.Nodes;
using PluginRuntime.Drivers.Resiot.Decoding;
using PluginRuntime.Drivers.Resiot.Wire;

namespace PluginRuntime.Drivers.Resiot.Devices;

/// <summary>
/// What the driver knows of one device, published as its <c>device_&lt;dev_eui&gt;</c> status. Mutated only under
/// the registry's lock.
/// </summary>
internal sealed class DeviceState(string devEui)
{
    public string DevEui { get; } = devEui;

    public string AppEui { get; set; } = "";

    public JsonObject? LastUplink { get; set; }

    public long Uplinks { get; set; }

    public DateTimeOffset? LastJoin { get; set; }

    public long Joins { get; set; }

    public JsonObject? Decoded { get; set; }

    public IReadOnlyList<DecodedReading> Readings { get; set; } = [];

    public DateTimeOffset? ReadingsTime { get; set; }

    public IReadOnlyList<string> DecodeErrors { get; set; } = [];

    public IReadOnlyList<string> DecodeWarnings { get; set; } = [];

    public JsonObject? LastDownlink { get; set; }

    public JsonObject? LastConfirmedDownlink { get; set; }

    public static JsonObject Uplink(Communication rx, DateTimeOffset time)
    {
        var radio = rx.Radio;
        return new JsonObject
        {
            ["port"] = rx.Port,
            ["payload"] = rx.PayloadHex,
            ["rssi"] = radio.Rssi,
            ["snr"] = radio.Snr,
            ["sf"] = radio.SpreadingFactor,
            ["frequency"] = radio.FrequencyMhz,
            ["seqno"] = radio.SequenceNumber,
            ["gateways"] = new JsonArray([.. rx.GatewayEuis.Select(g => (JsonNode)g)]),
            ["time"] = time.ToString("O"),
            ["connector"] = rx.Connector,
        };
    }

    public static JsonObject Downlink(Communication tx, DateTimeOffset time) => new()
    {
        ["port"] = tx.Port,
        ["payload"] = tx.PayloadHex,
        ["reference"] = tx.Reference,
        ["confirmation"] = tx.Confirmation,
        ["time"] = time.ToString("O"),
    };

    public JsonObject ToStatus(DeviceConfig? config, DeviceProfile? profile)
    {
        var readings = new JsonObject();
        foreach (var reading in Readings)
        {
            readings[reading.Key] = new JsonObject { ["kind"] = reading.Kind, ["value"] = reading.Value, ["unit"] = reading.Unit };
        }
        return new JsonObject
        {
            ["dev_eui"] = DevEui,
            ["app_eui"] = AppEui,
            ["name"] = config?.Name,
            ["profile"] = profile?.Name,
            ["last_uplink"] = LastUplink?.DeepClone(),
            ["uplinks"] = Uplinks,
            ["last_join"] = LastJoin?.ToString("O"),
            ["joins"] = Joins,
            ["decoded"] = Decoded?.DeepClone(),
            ["readings"] = readings,
            ["decode_errors"] = new JsonArray([.. DecodeErrors.Select(e => (JsonNode)e)]),
            ["decode_warnings"] = new JsonArray([.. DecodeWarnings.Select(w => (JsonNode)w)]),
            ["last_downlink"] = LastDownlink?.DeepClone(),
            ["last_confirmed_downlink"] = LastConfirmedDownlink?.DeepClone(),
        };
    }
}
