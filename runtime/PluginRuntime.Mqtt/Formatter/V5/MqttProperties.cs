namespace PluginRuntime.Mqtt.Formatter.V5;

/// <summary>
/// A decoded property block. <see cref="Read"/> enforces the cross-cutting rules (allowed for this packet, no
/// duplicates, legal values) so packet decoders only copy the members they own.
/// </summary>
internal sealed class MqttProperties
{
    public byte? PayloadFormatIndicator;
    public uint? MessageExpiryInterval;
    public string? ContentType;
    public string? ResponseTopic;
    public byte[]? CorrelationData;
    public List<uint> SubscriptionIdentifiers = [];
    public uint? SessionExpiryInterval;
    public string? AssignedClientIdentifier;
    public ushort? ServerKeepAlive;
    public string? AuthenticationMethod;
    public byte[]? AuthenticationData;
    public bool? RequestProblemInformation;
    public uint? WillDelayInterval;
    public bool? RequestResponseInformation;
    public string? ResponseInformation;
    public string? ServerReference;
    public string? ReasonString;
    public ushort? ReceiveMaximum;
    public ushort? TopicAliasMaximum;
    public ushort? TopicAlias;
    public MqttQualityOfService? MaximumQoS;
    public bool? RetainAvailable;
    public List<MqttUserProperty> UserProperties = [];
    public uint? MaximumPacketSize;
    public bool? WildcardSubscriptionAvailable;
    public bool? SubscriptionIdentifiersAvailable;
    public bool? SharedSubscriptionAvailable;

    public static MqttProperties Read(ref MqttBufferReader reader, int context, string where)
    {
        var length = reader.ReadVariableByteInteger();
        if (length > reader.Remaining)
            throw MqttProtocolException.Malformed($"{where} property length {length} exceeds the {reader.Remaining} byte(s) left.");
        var block = new MqttBufferReader(reader.ReadBytes((int)length));
        var result = new MqttProperties();
        Span<bool> seen = stackalloc bool[64];
        while (!block.End)
        {
            var raw = block.ReadVariableByteInteger();
            var id = (MqttPropertyId)(raw > 63 ? 0 : raw);
            var allowed = MqttPropertyContext.AllowedIn(id);
            if (allowed == 0)
                throw MqttProtocolException.Malformed($"{where} has unknown property 0x{raw:X2}.");
            if ((allowed & context) == 0)
                throw MqttProtocolException.Malformed($"Property {id} is not allowed in {where}.");
            var repeatable = id is MqttPropertyId.UserProperty
                || (id is MqttPropertyId.SubscriptionIdentifier && context == MqttPropertyContext.Of(Packets.MqttPacketType.Publish));
            if (!repeatable && seen[(int)raw])
                throw MqttProtocolException.ProtocolError($"Property {id} appears more than once in {where}.");
            seen[(int)raw] = true;
            result.ReadOne(ref block, id, where);
        }
        return result;
    }

    private void ReadOne(ref MqttBufferReader r, MqttPropertyId id, string where)
    {
        switch (id)
        {
            case MqttPropertyId.PayloadFormatIndicator:
                PayloadFormatIndicator = r.ReadByte();
                if (PayloadFormatIndicator > 1)
                    throw MqttProtocolException.ProtocolError($"Payload format indicator {PayloadFormatIndicator} in {where}.");
                break;
            case MqttPropertyId.MessageExpiryInterval: MessageExpiryInterval = r.ReadUInt32(); break;
            case MqttPropertyId.ContentType: ContentType = r.ReadString(); break;
            case MqttPropertyId.ResponseTopic:
                ResponseTopic = r.ReadString();
                if (!MqttTopic.IsValidTopicName(ResponseTopic))
                    throw MqttProtocolException.ProtocolError($"Response topic '{ResponseTopic}' in {where} is not a topic name.");
                break;
            case MqttPropertyId.CorrelationData: CorrelationData = r.ReadBinary(); break;
            case MqttPropertyId.SubscriptionIdentifier:
                var sid = r.ReadVariableByteInteger();
                if (sid == 0)
                    throw MqttProtocolException.ProtocolError($"Subscription identifier 0 in {where}.");
                SubscriptionIdentifiers.Add(sid);
                break;
            case MqttPropertyId.SessionExpiryInterval: SessionExpiryInterval = r.ReadUInt32(); break;
            case MqttPropertyId.AssignedClientIdentifier: AssignedClientIdentifier = r.ReadString(); break;
            case MqttPropertyId.ServerKeepAlive: ServerKeepAlive = r.ReadUInt16(); break;
            case MqttPropertyId.AuthenticationMethod: AuthenticationMethod = r.ReadString(); break;
            case MqttPropertyId.AuthenticationData: AuthenticationData = r.ReadBinary(); break;
            case MqttPropertyId.RequestProblemInformation: RequestProblemInformation = ReadBool(ref r, id, where); break;
            case MqttPropertyId.WillDelayInterval: WillDelayInterval = r.ReadUInt32(); break;
            case MqttPropertyId.RequestResponseInformation: RequestResponseInformation = ReadBool(ref r, id, where); break;
            case MqttPropertyId.ResponseInformation: ResponseInformation = r.ReadString(); break;
            case MqttPropertyId.ServerReference: ServerReference = r.ReadString(); break;
            case MqttPropertyId.ReasonString: ReasonString = r.ReadString(); break;
            case MqttPropertyId.ReceiveMaximum:
                ReceiveMaximum = r.ReadUInt16();
                if (ReceiveMaximum == 0)
                    throw MqttProtocolException.ProtocolError($"Receive maximum 0 in {where}.");
                break;
            case MqttPropertyId.TopicAliasMaximum: TopicAliasMaximum = r.ReadUInt16(); break;
            case MqttPropertyId.TopicAlias:
                TopicAlias = r.ReadUInt16();
                if (TopicAlias == 0)
                    throw new MqttProtocolException(MqttReasonCode.TopicAliasInvalid, $"Topic alias 0 in {where}.");
                break;
            case MqttPropertyId.MaximumQoS:
                var qos = r.ReadByte();
                if (qos > 1)
                    throw MqttProtocolException.ProtocolError($"Maximum QoS {qos} in {where}.");
                MaximumQoS = (MqttQualityOfService)qos;
                break;
            case MqttPropertyId.RetainAvailable: RetainAvailable = ReadBool(ref r, id, where); break;
            case MqttPropertyId.UserProperty: UserProperties.Add(new MqttUserProperty(r.ReadString(), r.ReadString())); break;
            case MqttPropertyId.MaximumPacketSize:
                MaximumPacketSize = r.ReadUInt32();
                if (MaximumPacketSize == 0)
                    throw MqttProtocolException.ProtocolError($"Maximum packet size 0 in {where}.");
                break;
            case MqttPropertyId.WildcardSubscriptionAvailable: WildcardSubscriptionAvailable = ReadBool(ref r, id, where); break;
            case MqttPropertyId.SubscriptionIdentifierAvailable: SubscriptionIdentifiersAvailable = ReadBool(ref r, id, where); break;
            case MqttPropertyId.SharedSubscriptionAvailable: SharedSubscriptionAvailable = ReadBool(ref r, id, where); break;
            default:
                throw MqttProtocolException.Malformed($"Unknown property {id} in {where}.");
        }
    }

    private static bool ReadBool(ref MqttBufferReader r, MqttPropertyId id, string where)
    {
        var b = r.ReadByte();
        if (b > 1)
            throw MqttProtocolException.ProtocolError($"Property {id} in {where} must be 0 or 1, got {b}.");
        return b == 1;
    }
}
