namespace PluginRuntime.Mqtt.Client;

/// <summary>A subscription request; the options other than QoS take effect with MQTT 5 brokers only.</summary>
public sealed class MqttSubscription
{
    /// <summary>Topic filter, may contain '+' and '#', or be a shared subscription "$share/group/filter".</summary>
    public required string Filter { get; init; }

    /// <summary>Highest QoS the broker should use for this subscription.</summary>
    public MqttQualityOfService QualityOfService { get; init; }

    /// <summary>Do not receive messages this client published itself (e.g. nodes sharing a broker).</summary>
    public bool NoLocal { get; init; }

    /// <summary>Keep the publisher's retain flag on forwarded messages.</summary>
    public bool RetainAsPublished { get; init; }

    /// <summary>When retained messages are sent for this subscription.</summary>
    public MqttRetainHandling RetainHandling { get; init; }
}
