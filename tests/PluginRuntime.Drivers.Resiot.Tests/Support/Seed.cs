using System.Text.Json.Nodes;

namespace PluginRuntime.Drivers.Resiot.Tests.Support;

/// <summary>Messages shaped exactly like the seed's examples, with the parts a test cares about changed.</summary>
internal static class Seed
{
    public const string AppEui = "006c3b194374ac7f";
    public const string DevEui = "0732227a557d8679";
    public const string Gateway = "218000AC0000a05f";

    /// <summary>The seed's Rx example, with another port and payload when given.</summary>
    public static JsonObject Uplink(string payloadHex = "9b690291010f1b2401ce01c0", string port = "128", string devEui = DevEui) => new()
    {
        ["CommType"] = "comm_rx",
        ["Connector"] = "636f6e313332",
        ["AppEui"] = AppEui,
        ["DevEui"] = devEui,
        ["Port"] = port,
        ["GatewayEUIs"] = new JsonArray(Gateway),
        ["Payload"] = payloadHex,
        ["Extra"] = new JsonObject
        {
            ["adr"] = "true",
            ["channel"] = "4",
            ["duplicate"] = "false",
            ["frequency"] = "867.3",
            ["modBW"] = "125",
            ["rssi"] = "-18",
            ["seqno"] = "1953",
            ["sf"] = "7",
            ["snr"] = "9.5",
        },
        ["DT"] = "2017-06-15T09:36:46.5295312+02:00",
    };

    public static JsonObject Join(string devEui = DevEui) => new()
    {
        ["CommType"] = "comm_join",
        ["Connector"] = "636f6e313332",
        ["AppEui"] = AppEui,
        ["DevEui"] = devEui,
        ["Port"] = "",
        ["GatewayEUIs"] = new JsonArray(),
        ["Payload"] = "",
        ["Extra"] = new JsonObject(),
        ["DT"] = "2017-06-15T09:36:20.6935937+02:00",
    };

    public static JsonObject GatewayAlive() => new()
    {
        ["CommType"] = "comm_gwalive",
        ["Connector"] = "69643d3139",
        ["AppEui"] = "",
        ["DevEui"] = "",
        ["Port"] = "",
        ["GatewayEUIs"] = new JsonArray(Gateway),
        ["Payload"] = "",
        ["Extra"] = new JsonObject(),
        ["DT"] = "2017-06-15T09:17:11.2072656+02:00",
    };

    public static JsonObject DownlinkLog(string type = "comm_tx", string reference = "") => new()
    {
        ["CommType"] = type,
        ["Connector"] = "636f6e313332",
        ["AppEui"] = AppEui,
        ["DevEui"] = DevEui,
        ["Port"] = "1",
        ["Payload"] = "2525",
        ["Command"] = "",
        ["Reference"] = reference,
        ["Confirmation"] = false,
        ["Extra"] = new JsonObject { ["priority"] = 0, ["window"] = "BOTH" },
        ["DT"] = "2017-06-15T09:41:09.6691796+02:00",
    };

    public static JsonObject Result(string result, string details, string reference) => new()
    {
        ["Result"] = result,
        ["Details"] = details,
        ["Reference"] = reference,
    };

    /// <summary>Cayenne LPP: channel 1 temperature 27.2 °C, channel 2 humidity 53.5 %, channel 3 digital input 1.</summary>
    public const string LppClimate = "016701100268" + "6b" + "030001";
}
