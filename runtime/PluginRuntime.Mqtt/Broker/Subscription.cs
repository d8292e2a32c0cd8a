using PluginRuntime.Mqtt.Packets;

namespace PluginRuntime.Mqtt.Broker;

/// <summary>One subscription held by a session. For shared subscriptions <see cref="Filter"/> is the inner filter.</summary>
internal sealed record Subscription(
    BrokerSession Session,
    string Filter,
    string? ShareGroup,
    MqttQualityOfService QualityOfService,
    bool NoLocal,
    bool RetainAsPublished,
    MqttRetainHandling RetainHandling,
    uint? SubscriptionIdentifier)
{
    /// <summary>The key the client used in SUBSCRIBE/UNSUBSCRIBE ("$share/g/f" for shared ones).</summary>
    public string Key => ShareGroup is null ? Filter : $"{MqttTopic.SharePrefix}{ShareGroup}/{Filter}";
}
