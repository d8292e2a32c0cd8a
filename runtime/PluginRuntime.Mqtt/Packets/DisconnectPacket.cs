namespace PluginRuntime.Mqtt.Packets;

/// <summary>DISCONNECT (3.14). In 3.1.1 it has no body; only client to server.</summary>
internal sealed class DisconnectPacket : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.Disconnect;

    public MqttReasonCode ReasonCode { get; set; }
    public uint? SessionExpiryInterval { get; set; }
    public string? ReasonString { get; set; }
    public string? ServerReference { get; set; }
    public List<MqttUserProperty> UserProperties { get; set; } = [];
}
