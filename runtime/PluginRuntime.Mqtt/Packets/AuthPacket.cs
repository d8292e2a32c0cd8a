namespace PluginRuntime.Mqtt.Packets;

/// <summary>AUTH (3.15), MQTT 5 only: enhanced authentication exchange.</summary>
internal sealed class AuthPacket : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.Auth;

    public MqttReasonCode ReasonCode { get; set; }
    public string? AuthenticationMethod { get; set; }
    public byte[]? AuthenticationData { get; set; }
    public string? ReasonString { get; set; }
    public List<MqttUserProperty> UserProperties { get; set; } = [];
}
