namespace PluginRuntime.Mqtt.Broker;

/// <summary>
/// A message bound for one session, with the QoS and retain flag computed from its subscriptions.
/// <paramref name="ExpiresAt"/> is a <see cref="TimeProvider"/> timestamp when the message has an MQTT 5 expiry.
/// </summary>
internal sealed record OutboundMessage(
    MqttApplicationMessage Message,
    MqttQualityOfService QualityOfService,
    bool Retain,
    IReadOnlyList<uint> SubscriptionIdentifiers,
    long? ExpiresAt = null);
