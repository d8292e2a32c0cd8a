namespace PluginRuntime.Mqtt.Packets;

/// <summary>PUBACK (3.4).</summary>
internal sealed class PubAckPacket : MqttAcknowledgementPacket
{
    public override MqttPacketType Type => MqttPacketType.PubAck;
}
