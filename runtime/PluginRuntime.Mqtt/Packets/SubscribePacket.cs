namespace PluginRuntime.Mqtt.Packets;

/// <summary>SUBSCRIBE (3.8).</summary>
internal sealed class SubscribePacket : MqttPacket, IMqttPacketWithIdentifier
{
    public override MqttPacketType Type => MqttPacketType.Subscribe;

    public ushort PacketIdentifier { get; set; }
    public uint? SubscriptionIdentifier { get; set; }
    public List<MqttUserProperty> UserProperties { get; set; } = [];
    public List<MqttTopicFilter> Filters { get; set; } = [];
}
