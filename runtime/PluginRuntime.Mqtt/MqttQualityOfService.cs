namespace PluginRuntime.Mqtt;

/// <summary>MQTT delivery guarantee for a message or a subscription.</summary>
public enum MqttQualityOfService : byte
{
    /// <summary>QoS 0: fire and forget; the message may be lost.</summary>
    AtMostOnce = 0,

    /// <summary>QoS 1: acknowledged with PUBACK; the message may arrive more than once.</summary>
    AtLeastOnce = 1,

    /// <summary>QoS 2: four-step handshake; the message arrives exactly once.</summary>
    ExactlyOnce = 2,
}
