namespace PluginRuntime.Mqtt.Packets;

/// <summary>Shared shape of PUBACK, PUBREC, PUBREL and PUBCOMP: identifier, reason code, reason string.</summary>
internal abstract class MqttAcknowledgementPacket : MqttPacket, IMqttPacketWithIdentifier
{
    public ushort PacketIdentifier { get; set; }
    public MqttReasonCode ReasonCode { get; set; }
    public string? ReasonString { get; set; }
    public List<MqttUserProperty> UserProperties { get; set; } = [];
}
