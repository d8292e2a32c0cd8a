using PluginRuntime.Mqtt.Packets;

namespace PluginRuntime.Mqtt.Formatter.V5;

/// <summary>
/// Where a property block appears. Packet types map to their own bit; the will properties inside CONNECT get
/// bit 0 (packet type 0 is reserved, so it cannot collide).
/// </summary>
internal static class MqttPropertyContext
{
    public const int Will = 1;

    public static int Of(MqttPacketType type) => 1 << (int)type;

    private static int Set(params MqttPacketType[] types)
    {
        var mask = 0;
        foreach (var t in types)
            mask |= Of(t);
        return mask;
    }

    private static readonly int AllWithProperties = Will | Set(
        MqttPacketType.Connect, MqttPacketType.ConnAck, MqttPacketType.Publish, MqttPacketType.PubAck,
        MqttPacketType.PubRec, MqttPacketType.PubRel, MqttPacketType.PubComp, MqttPacketType.Subscribe,
        MqttPacketType.SubAck, MqttPacketType.Unsubscribe, MqttPacketType.UnsubAck, MqttPacketType.Disconnect,
        MqttPacketType.Auth);

    private static readonly int ReasonStringPackets = Set(
        MqttPacketType.ConnAck, MqttPacketType.PubAck, MqttPacketType.PubRec, MqttPacketType.PubRel,
        MqttPacketType.PubComp, MqttPacketType.SubAck, MqttPacketType.UnsubAck, MqttPacketType.Disconnect,
        MqttPacketType.Auth);

    /// <summary>The contexts in which a property may appear, per the table in 2.2.2.2; 0 = unknown id.</summary>
    public static int AllowedIn(MqttPropertyId id) => id switch
    {
        MqttPropertyId.PayloadFormatIndicator or MqttPropertyId.MessageExpiryInterval or MqttPropertyId.ContentType
            or MqttPropertyId.ResponseTopic or MqttPropertyId.CorrelationData => Will | Set(MqttPacketType.Publish),
        MqttPropertyId.SubscriptionIdentifier => Set(MqttPacketType.Publish, MqttPacketType.Subscribe),
        MqttPropertyId.SessionExpiryInterval => Set(MqttPacketType.Connect, MqttPacketType.ConnAck, MqttPacketType.Disconnect),
        MqttPropertyId.AssignedClientIdentifier or MqttPropertyId.ServerKeepAlive or MqttPropertyId.ResponseInformation
            or MqttPropertyId.MaximumQoS or MqttPropertyId.RetainAvailable or MqttPropertyId.WildcardSubscriptionAvailable
            or MqttPropertyId.SubscriptionIdentifierAvailable or MqttPropertyId.SharedSubscriptionAvailable => Set(MqttPacketType.ConnAck),
        MqttPropertyId.AuthenticationMethod or MqttPropertyId.AuthenticationData => Set(MqttPacketType.Connect, MqttPacketType.ConnAck, MqttPacketType.Auth),
        MqttPropertyId.RequestProblemInformation or MqttPropertyId.RequestResponseInformation => Set(MqttPacketType.Connect),
        MqttPropertyId.WillDelayInterval => Will,
        MqttPropertyId.ServerReference => Set(MqttPacketType.ConnAck, MqttPacketType.Disconnect),
        MqttPropertyId.ReasonString => ReasonStringPackets,
        MqttPropertyId.ReceiveMaximum or MqttPropertyId.TopicAliasMaximum or MqttPropertyId.MaximumPacketSize => Set(MqttPacketType.Connect, MqttPacketType.ConnAck),
        MqttPropertyId.TopicAlias => Set(MqttPacketType.Publish),
        MqttPropertyId.UserProperty => AllWithProperties,
        _ => 0,
    };
}
