namespace PluginRuntime.Mqtt;

/// <summary>An MQTT 5 user property: a name/value pair; names may repeat and order is preserved.</summary>
/// <param name="Name">Property name.</param>
/// <param name="Value">Property value.</param>
public sealed record MqttUserProperty(string Name, string Value);
