namespace PluginRuntime.Drivers.Resiot.Wire;

/// <summary>
/// One device communication the platform pushed (<c>comm_rx</c>, <c>comm_join</c>, <c>comm_gwalive</c>,
/// <c>comm_tx</c>, <c>tx_confirm</c>), with the seed's empty-or-nil fields read as empty.
/// </summary>
internal sealed record Communication(
    string Type,
    string Connector,
    string AppEui,
    string DevEui,
    int? Port,
    IReadOnlyList<string> GatewayEuis,
    string PayloadHex,
    IReadOnlyDictionary<string, string> Extra,
    DateTimeOffset? Time,
    string Reference,
    bool? Confirmation)
{
    public const string Rx = "comm_rx";
    public const string Join = "comm_join";
    public const string GatewayAlive = "comm_gwalive";
    public const string Tx = "comm_tx";
    public const string TxConfirm = "tx_confirm";

    /// <summary>The radio metadata of an uplink, from <see cref="Extra"/> (null where absent or not a number).</summary>
    public RadioMetadata Radio => RadioMetadata.From(Extra);
}
