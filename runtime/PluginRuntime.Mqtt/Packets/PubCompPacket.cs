namespace PluginRuntime.Mqtt.Packets;

/// <summary>PUBCOMP (3.7).</summary>
internal sealed class PubCompPacket : MqttAcknowledgementPacket
{
    public override MqttPacketType Type => MqttPacketType.PubComp;
}
