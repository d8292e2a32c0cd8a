namespace PluginRuntime.Mqtt.Packets;

/// <summary>PUBREL (3.6).</summary>
internal sealed class PubRelPacket : MqttAcknowledgementPacket
{
    public override MqttPacketType Type => MqttPacketType.PubRel;
}
