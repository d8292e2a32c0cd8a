namespace PluginRuntime.Mqtt.Client;

/// <summary>The broker answered CONNECT with a refusal; <see cref="ReasonCode"/> says why.</summary>
public sealed class MqttConnectionRefusedException : Exception
{
    /// <summary>Creates the exception for a refusing CONNACK.</summary>
    public MqttConnectionRefusedException(MqttReasonCode reasonCode, string message)
        : base(message)
    {
        ReasonCode = reasonCode;
    }

    /// <summary>The CONNACK reason code (3.1.1 return codes are mapped onto MQTT 5 codes).</summary>
    public MqttReasonCode ReasonCode { get; }
}
