using System.Text.Json;
using PluginRuntime.Drivers.Resiot.Wire;

namespace PluginRuntime.Drivers.Resiot;

public sealed partial class ResiotDriver
{
    private static readonly HashSet<string> KnownMessages =
        [Communication.Rx, Communication.Join, Communication.GatewayAlive, Communication.Tx, Communication.TxConfirm, TxResult.MessageName];

    private void LoadSpec(ResiotSettings settings)
    {
    }

    private bool TryCheckAgainstSpec(string name, JsonElement root, out string problem)
    {
        problem = KnownMessages.Contains(name) ? "" : $"unknown message type '{name}' (not in the spec).";
        return problem.Length == 0;
    }
}
