namespace PluginRuntime.Drivers.Resiot.Wire;

/// <summary>The platform's answer to a TX command: <c>Success</c> or <c>Fail</c> with details, and the command's reference.</summary>
internal sealed record TxResult(bool Succeeded, string Details, string Reference)
{
    public const string MessageName = "tx_result";
}
