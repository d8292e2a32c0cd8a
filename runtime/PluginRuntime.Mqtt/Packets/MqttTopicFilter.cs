namespace PluginRuntime.Mqtt.Packets;

/// <summary>One entry of a SUBSCRIBE: a filter and its options (options other than QoS are MQTT 5 only).</summary>
internal sealed class MqttTopicFilter
{
    public string Filter { get; set; } = "";
    public MqttQualityOfService QualityOfService { get; set; }
    public bool NoLocal { get; set; }
    public bool RetainAsPublished { get; set; }
    public MqttRetainHandling RetainHandling { get; set; }
}
