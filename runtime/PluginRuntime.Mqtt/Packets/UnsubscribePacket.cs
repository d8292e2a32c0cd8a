namespace PluginRuntime.Mqtt.Packets;

/// <summary>UNSUBSCRIBE (3.10).</summary>
internal sealed class UnsubscribePacket : MqttPacket, IMqttPacketWithIdentifier
{
    public override MqttPacketType Type => MqttPacketType.Unsubscribe;

    public ushort PacketIdentifier { get; set; }
    public List<MqttUserProperty> UserProperties { get; set; } = [];
    public List<string> Filters { get; set; } = [];
}
