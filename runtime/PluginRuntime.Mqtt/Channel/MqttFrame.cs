namespace PluginRuntime.Mqtt.Channel;

/// <summary>One whole packet off the wire, not yet decoded: fixed header byte and body.</summary>
internal readonly record struct MqttFrame(byte Header, byte[] Body);
