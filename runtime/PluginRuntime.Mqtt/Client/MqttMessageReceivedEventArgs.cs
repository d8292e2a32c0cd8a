namespace PluginRuntime.Mqtt.Client;

/// <summary>A message delivered to the client by the broker.</summary>
public sealed class MqttMessageReceivedEventArgs : EventArgs
{
    internal MqttMessageReceivedEventArgs(MqttApplicationMessage message) => Message = message;

    /// <summary>The received message; <see cref="MqttApplicationMessage.Retain"/> is set for retained deliveries.</summary>
    public MqttApplicationMessage Message { get; }
}
