namespace PluginRuntime.Mqtt.Broker;

/// <summary>A message bound for one session, with the QoS and retain flag computed from its subscriptions.</summary>
internal sealed record OutboundMessage(
    MqttApplicationMessage Message,
    MqttQualityOfService QualityOfService,
    bool Retain,
    IReadOnlyList<uint> SubscriptionIdentifiers);
