namespace PluginRuntime.Mqtt;

/// <summary>The MQTT protocol revisions this library speaks; values are the CONNECT protocol level byte.</summary>
public enum MqttProtocolVersion : byte
{
    /// <summary>MQTT 3.1.1 (protocol level 4).</summary>
    V311 = 4,

    /// <summary>MQTT 5.0 (protocol level 5).</summary>
    V500 = 5,
}
