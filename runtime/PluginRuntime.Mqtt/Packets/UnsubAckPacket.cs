namespace PluginRuntime.Mqtt.Packets;

/// <summary>UNSUBACK (3.11). Reason codes exist only in MQTT 5; 3.1.1 carries just the identifier.</summary>
internal sealed class UnsubAckPacket : MqttPacket, IMqttPacketWithIdentifier
{
    public override MqttPacketType Type => MqttPacketType.UnsubAck;

    public ushort PacketIdentifier { get; set; }
    public string? ReasonString { get; set; }
    public List<MqttUserProperty> UserProperties { get; set; } = [];
    public List<MqttReasonCode> ReasonCodes { get; set; } = [];
}
