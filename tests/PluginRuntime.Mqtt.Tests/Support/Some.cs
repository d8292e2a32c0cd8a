using PluginRuntime.Mqtt.Packets;

namespace PluginRuntime.Mqtt.Tests.Support;

/// <summary>Fully populated packets: every member set, so a round trip proves each field is encoded.</summary>
internal static class Some
{
    public static byte[] Bytes(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    public static List<MqttUserProperty> Users() => [new("a", "1"), new("a", "2"), new("ünï", "çødé")];

    public static IEnumerable<MqttPacket> PacketsFor(MqttProtocolVersion version)
    {
        var v5 = version == MqttProtocolVersion.V500;
        yield return new ConnectPacket
        {
            ProtocolVersion = version,
            ClientId = "client-1",
            CleanStart = false,
            KeepAliveSeconds = 60,
            Username = "user",
            Password = Bytes("secret"),
            Will = new MqttApplicationMessage
            {
                Topic = "status/client-1",
                Payload = Bytes("offline"),
                QualityOfService = MqttQualityOfService.AtLeastOnce,
                Retain = true,
                PayloadFormatIndicator = v5 ? (byte)1 : null,
                MessageExpiryInterval = v5 ? 30u : null,
                ContentType = v5 ? "text/plain" : null,
                ResponseTopic = v5 ? "reply/here" : null,
                CorrelationData = v5 ? Bytes("corr") : null,
                UserProperties = v5 ? Users() : [],
            },
            WillDelayInterval = v5 ? 5u : null,
            SessionExpiryInterval = v5 ? 3600u : null,
            ReceiveMaximum = v5 ? (ushort)20 : null,
            MaximumPacketSize = v5 ? 65536u : null,
            TopicAliasMaximum = v5 ? (ushort)10 : null,
            RequestResponseInformation = v5 ? true : null,
            RequestProblemInformation = v5 ? false : null,
            AuthenticationMethod = v5 ? "SCRAM-SHA-1" : null,
            AuthenticationData = v5 ? Bytes("auth") : null,
            UserProperties = v5 ? Users() : [],
        };
        yield return new ConnAckPacket
        {
            SessionPresent = true,
            ReasonCode = v5 ? MqttReasonCode.QuotaExceeded : MqttReasonCode.BadUserNameOrPassword,
            SessionExpiryInterval = v5 ? 100u : null,
            ReceiveMaximum = v5 ? (ushort)50 : null,
            MaximumQoS = v5 ? MqttQualityOfService.AtLeastOnce : null,
            RetainAvailable = v5 ? true : null,
            MaximumPacketSize = v5 ? 1000u : null,
            AssignedClientIdentifier = v5 ? "auto-123" : null,
            TopicAliasMaximum = v5 ? (ushort)5 : null,
            ReasonString = v5 ? "because" : null,
            WildcardSubscriptionAvailable = v5 ? true : null,
            SubscriptionIdentifiersAvailable = v5 ? false : null,
            SharedSubscriptionAvailable = v5 ? true : null,
            ServerKeepAlive = v5 ? (ushort)30 : null,
            ResponseInformation = v5 ? "resp/" : null,
            ServerReference = v5 ? "other:1883" : null,
            AuthenticationMethod = v5 ? "m" : null,
            AuthenticationData = v5 ? Bytes("d") : null,
            UserProperties = v5 ? Users() : [],
        };
        yield return new PublishPacket
        {
            Topic = "placeos/org/state/bld/lvl/_/sys/drv/mod/1/power",
            Payload = Bytes("{\"value\":true}"),
            QualityOfService = MqttQualityOfService.ExactlyOnce,
            Retain = true,
            Dup = true,
            PacketIdentifier = 4242,
            PayloadFormatIndicator = v5 ? (byte)1 : null,
            MessageExpiryInterval = v5 ? 60u : null,
            TopicAlias = v5 ? (ushort)3 : null,
            ResponseTopic = v5 ? "reply" : null,
            CorrelationData = v5 ? Bytes("c") : null,
            ContentType = v5 ? "application/json" : null,
            SubscriptionIdentifiers = v5 ? [1u, 268_435_455u] : [],
            UserProperties = v5 ? Users() : [],
        };
        foreach (var ack in new MqttAcknowledgementPacket[] { new PubAckPacket(), new PubRecPacket(), new PubRelPacket(), new PubCompPacket() })
        {
            ack.PacketIdentifier = 65535;
            if (v5)
            {
                ack.ReasonCode = ack is PubRelPacket or PubCompPacket ? MqttReasonCode.PacketIdentifierNotFound : MqttReasonCode.NoMatchingSubscribers;
                ack.ReasonString = "why";
                ack.UserProperties = Users();
            }
            yield return ack;
        }
        yield return new SubscribePacket
        {
            PacketIdentifier = 7,
            SubscriptionIdentifier = v5 ? 99u : null,
            UserProperties = v5 ? Users() : [],
            Filters =
            [
                new MqttTopicFilter { Filter = "placeos/+/state/#", QualityOfService = MqttQualityOfService.ExactlyOnce },
                new MqttTopicFilter
                {
                    Filter = "$share/g/x/y",
                    QualityOfService = MqttQualityOfService.AtLeastOnce,
                    NoLocal = v5,
                    RetainAsPublished = v5,
                    RetainHandling = v5 ? MqttRetainHandling.DoNotSend : MqttRetainHandling.SendAtSubscribe,
                },
            ],
        };
        yield return new SubAckPacket
        {
            PacketIdentifier = 7,
            ReasonString = v5 ? "ok" : null,
            UserProperties = v5 ? Users() : [],
            ReasonCodes = v5
                ? [MqttReasonCode.GrantedQoS2, MqttReasonCode.GrantedQoS0, MqttReasonCode.TopicFilterInvalid]
                : [MqttReasonCode.GrantedQoS2, MqttReasonCode.GrantedQoS0, MqttReasonCode.UnspecifiedError],
        };
        yield return new UnsubscribePacket { PacketIdentifier = 8, UserProperties = v5 ? Users() : [], Filters = ["a/b", "c/#"] };
        yield return new UnsubAckPacket
        {
            PacketIdentifier = 8,
            ReasonString = v5 ? "done" : null,
            UserProperties = v5 ? Users() : [],
            ReasonCodes = v5 ? [MqttReasonCode.Success, MqttReasonCode.NoSubscriptionExisted] : [],
        };
        yield return PingReqPacket.Instance;
        yield return PingRespPacket.Instance;
        yield return v5
            ? new DisconnectPacket
            {
                ReasonCode = MqttReasonCode.DisconnectWithWillMessage,
                SessionExpiryInterval = 10,
                ReasonString = "bye",
                ServerReference = "elsewhere",
                UserProperties = Users(),
            }
            : new DisconnectPacket();
        if (v5)
        {
            yield return new AuthPacket
            {
                ReasonCode = MqttReasonCode.ContinueAuthentication,
                AuthenticationMethod = "SCRAM-SHA-1",
                AuthenticationData = Bytes("challenge"),
                ReasonString = "more",
                UserProperties = Users(),
            };
        }
    }
}
