namespace PluginRuntime.Mqtt.Packets;

/// <summary>PUBREC (3.5).</summary>
internal sealed class PubRecPacket : MqttAcknowledgementPacket
{
    public override MqttPacketType Type => MqttPacketType.PubRec;
}
