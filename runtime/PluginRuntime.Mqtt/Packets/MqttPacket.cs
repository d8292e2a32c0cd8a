namespace PluginRuntime.Mqtt.Packets;

/// <summary>Base of every control packet. Packets are plain data; the formatter owns the wire format.</summary>
internal abstract class MqttPacket
{
    public abstract MqttPacketType Type { get; }
}
