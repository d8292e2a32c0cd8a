using System.Text.Json.Nodes;

namespace PluginRuntime.Drivers.Resiot.Wire;

/// <summary>
/// The seed's TX command, field for field as its example (the device field is sent as <c>DevEui</c>, the example's
/// spelling; ResIOT reads field names case-insensitively, see the spec).
/// </summary>
internal static class TxCommand
{
    public const string MessageName = "TX";

    public static JsonObject Create(string appEui, string devEui, int port, string payload, bool raw, bool confirm, string connector, string reference) => new()
    {
        ["function"] = "TX",
        ["Payload"] = payload,
        ["AppEui"] = appEui,
        ["DevEui"] = devEui,
        ["Connector"] = connector,
        ["Port"] = port,
        ["Reference"] = reference,
        ["Raw"] = raw,
        ["Confirm"] = confirm,
    };
}
