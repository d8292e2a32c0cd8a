namespace PluginRuntime.Mqtt;

/// <summary>
/// A peer sent bytes that break the MQTT specification. <see cref="ReasonCode"/> is the MQTT 5 reason code the
/// receiver should put in its DISCONNECT (or CONNACK) before closing the connection.
/// </summary>
public sealed class MqttProtocolException : Exception
{
    /// <summary>Creates the exception with the reason code to report to the peer.</summary>
    public MqttProtocolException(MqttReasonCode reasonCode, string message)
        : base(message)
    {
        ReasonCode = reasonCode;
    }

    /// <summary>The MQTT 5 reason code describing the violation (e.g. 0x81 Malformed Packet).</summary>
    public MqttReasonCode ReasonCode { get; }

    internal static MqttProtocolException Malformed(string message) => new(MqttReasonCode.MalformedPacket, message);

    internal static MqttProtocolException ProtocolError(string message) => new(MqttReasonCode.ProtocolError, message);
}
