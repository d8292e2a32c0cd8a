namespace PluginRuntime.Mqtt.Packets;

/// <summary>MQTT 5 subscription option: when retained messages are sent for a new subscription.</summary>
internal enum MqttRetainHandling : byte
{
    SendAtSubscribe = 0,
    SendAtSubscribeIfNew = 1,
    DoNotSend = 2,
}
