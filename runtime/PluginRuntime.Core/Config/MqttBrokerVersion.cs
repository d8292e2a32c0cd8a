namespace PluginRuntime.Core.Config;

/// <summary>MQTT protocol version spoken to an external broker (the core does not reference the MQTT library).</summary>
internal enum MqttBrokerVersion
{
    V311,
    V500,
}
