namespace PluginRuntime.Mqtt.Packets;

/// <summary>SUBACK (3.9): one reason code per requested filter, in order.</summary>
internal sealed class SubAckPacket : MqttPacket, IMqttPacketWithIdentifier
{
    public override MqttPacketType Type => MqttPacketType.SubAck;

    public ushort PacketIdentifier { get; set; }
    public string? ReasonString { get; set; }
    public List<MqttUserProperty> UserProperties { get; set; } = [];
    public List<MqttReasonCode> ReasonCodes { get; set; } = [];
}
