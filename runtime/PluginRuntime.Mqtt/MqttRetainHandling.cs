namespace PluginRuntime.Mqtt;

/// <summary>MQTT 5 subscription option: when the broker sends retained messages for a subscription.</summary>
public enum MqttRetainHandling : byte
{
    /// <summary>Send retained messages whenever the subscription is made.</summary>
    SendAtSubscribe = 0,

    /// <summary>Send retained messages only if the subscription did not exist yet.</summary>
    SendAtSubscribeIfNew = 1,

    /// <summary>Never send retained messages for this subscription.</summary>
    DoNotSend = 2,
}
