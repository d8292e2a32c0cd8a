namespace PluginRuntime.Mqtt.Packets;

/// <summary>PUBLISH (3.3).</summary>
internal sealed class PublishPacket : MqttPacket, IMqttPacketWithIdentifier
{
    public override MqttPacketType Type => MqttPacketType.Publish;

    public string Topic { get; set; } = "";
    public ReadOnlyMemory<byte> Payload { get; set; }
    public MqttQualityOfService QualityOfService { get; set; }
    public bool Retain { get; set; }
    public bool Dup { get; set; }
    /// <summary>Zero for QoS 0 (no identifier on the wire).</summary>
    public ushort PacketIdentifier { get; set; }

    public byte? PayloadFormatIndicator { get; set; }
    public uint? MessageExpiryInterval { get; set; }
    public ushort? TopicAlias { get; set; }
    public string? ResponseTopic { get; set; }
    public byte[]? CorrelationData { get; set; }
    public string? ContentType { get; set; }
    public List<uint> SubscriptionIdentifiers { get; set; } = [];
    public List<MqttUserProperty> UserProperties { get; set; } = [];

    public MqttApplicationMessage ToApplicationMessage() => new()
    {
        Topic = Topic,
        Payload = Payload,
        QualityOfService = QualityOfService,
        Retain = Retain,
        PayloadFormatIndicator = PayloadFormatIndicator,
        MessageExpiryInterval = MessageExpiryInterval,
        ContentType = ContentType,
        ResponseTopic = ResponseTopic,
        CorrelationData = CorrelationData,
        UserProperties = UserProperties,
    };

    public static PublishPacket FromApplicationMessage(MqttApplicationMessage message) => new()
    {
        Topic = message.Topic,
        Payload = message.Payload,
        QualityOfService = message.QualityOfService,
        Retain = message.Retain,
        PayloadFormatIndicator = message.PayloadFormatIndicator,
        MessageExpiryInterval = message.MessageExpiryInterval,
        ContentType = message.ContentType,
        ResponseTopic = message.ResponseTopic,
        CorrelationData = message.CorrelationData,
        UserProperties = [.. message.UserProperties],
    };
}
