using PluginRuntime.Mqtt.Packets;

namespace PluginRuntime.Mqtt.Formatter.V5;

/// <summary>MQTT 5.0 wire format, including properties and reason codes.</summary>
internal sealed class MqttV5PacketFormatter : MqttPacketFormatter
{
    public override MqttProtocolVersion Version => MqttProtocolVersion.V500;

    protected override byte EncodeBody(MqttPacket packet, MqttBufferWriter w)
    {
        switch (packet)
        {
            case ConnectPacket p:
                EncodeConnect(p, w);
                return Header(MqttPacketType.Connect);
            case ConnAckPacket p:
                w.WriteByte(p.SessionPresent ? (byte)1 : (byte)0);
                w.WriteByte((byte)p.ReasonCode);
                new MqttPropertyWriter()
                    .UInt32(MqttPropertyId.SessionExpiryInterval, p.SessionExpiryInterval)
                    .UInt16(MqttPropertyId.ReceiveMaximum, p.ReceiveMaximum)
                    .Byte(MqttPropertyId.MaximumQoS, (byte?)p.MaximumQoS)
                    .Bool(MqttPropertyId.RetainAvailable, p.RetainAvailable)
                    .UInt32(MqttPropertyId.MaximumPacketSize, p.MaximumPacketSize)
                    .String(MqttPropertyId.AssignedClientIdentifier, p.AssignedClientIdentifier)
                    .UInt16(MqttPropertyId.TopicAliasMaximum, p.TopicAliasMaximum)
                    .String(MqttPropertyId.ReasonString, p.ReasonString)
                    .Bool(MqttPropertyId.WildcardSubscriptionAvailable, p.WildcardSubscriptionAvailable)
                    .Bool(MqttPropertyId.SubscriptionIdentifierAvailable, p.SubscriptionIdentifiersAvailable)
                    .Bool(MqttPropertyId.SharedSubscriptionAvailable, p.SharedSubscriptionAvailable)
                    .UInt16(MqttPropertyId.ServerKeepAlive, p.ServerKeepAlive)
                    .String(MqttPropertyId.ResponseInformation, p.ResponseInformation)
                    .String(MqttPropertyId.ServerReference, p.ServerReference)
                    .String(MqttPropertyId.AuthenticationMethod, p.AuthenticationMethod)
                    .Binary(MqttPropertyId.AuthenticationData, p.AuthenticationData)
                    .Users(p.UserProperties)
                    .WriteTo(w);
                return Header(MqttPacketType.ConnAck);
            case PublishPacket p:
            {
                w.WriteString(p.Topic);
                if (p.QualityOfService > MqttQualityOfService.AtMostOnce)
                {
                    RequireNonZeroIdentifier(p.PacketIdentifier, p.Type);
                    w.WriteUInt16(p.PacketIdentifier);
                }
                var props = new MqttPropertyWriter()
                    .Byte(MqttPropertyId.PayloadFormatIndicator, p.PayloadFormatIndicator)
                    .UInt32(MqttPropertyId.MessageExpiryInterval, p.MessageExpiryInterval)
                    .UInt16(MqttPropertyId.TopicAlias, p.TopicAlias)
                    .String(MqttPropertyId.ResponseTopic, p.ResponseTopic)
                    .Binary(MqttPropertyId.CorrelationData, p.CorrelationData)
                    .Users(p.UserProperties);
                foreach (var id in p.SubscriptionIdentifiers)
                    props.VariableInteger(MqttPropertyId.SubscriptionIdentifier, id);
                props.String(MqttPropertyId.ContentType, p.ContentType).WriteTo(w);
                w.WriteBytes(p.Payload.Span);
                return PublishHeader(p);
            }
            case MqttAcknowledgementPacket p:
            {
                RequireNonZeroIdentifier(p.PacketIdentifier, p.Type);
                w.WriteUInt16(p.PacketIdentifier);
                var props = new MqttPropertyWriter()
                    .String(MqttPropertyId.ReasonString, p.ReasonString)
                    .Users(p.UserProperties);
                // 3.4.2.1: reason code and property length may be omitted when Success with no properties.
                if (p.ReasonCode != MqttReasonCode.Success || !props.IsEmpty)
                {
                    w.WriteByte((byte)p.ReasonCode);
                    if (!props.IsEmpty)
                        props.WriteTo(w);
                }
                return Header(p.Type, p.Type == MqttPacketType.PubRel ? 2 : 0);
            }
            case SubscribePacket p:
                RequireNonZeroIdentifier(p.PacketIdentifier, p.Type);
                w.WriteUInt16(p.PacketIdentifier);
                new MqttPropertyWriter()
                    .VariableInteger(MqttPropertyId.SubscriptionIdentifier, p.SubscriptionIdentifier)
                    .Users(p.UserProperties)
                    .WriteTo(w);
                foreach (var f in p.Filters)
                {
                    w.WriteString(f.Filter);
                    w.WriteByte((byte)((int)f.QualityOfService | (f.NoLocal ? 4 : 0) | (f.RetainAsPublished ? 8 : 0) | ((int)f.RetainHandling << 4)));
                }
                return Header(MqttPacketType.Subscribe, 2);
            case SubAckPacket p:
                w.WriteUInt16(p.PacketIdentifier);
                new MqttPropertyWriter().String(MqttPropertyId.ReasonString, p.ReasonString).Users(p.UserProperties).WriteTo(w);
                foreach (var code in p.ReasonCodes)
                    w.WriteByte((byte)code);
                return Header(MqttPacketType.SubAck);
            case UnsubscribePacket p:
                RequireNonZeroIdentifier(p.PacketIdentifier, p.Type);
                w.WriteUInt16(p.PacketIdentifier);
                new MqttPropertyWriter().Users(p.UserProperties).WriteTo(w);
                foreach (var f in p.Filters)
                    w.WriteString(f);
                return Header(MqttPacketType.Unsubscribe, 2);
            case UnsubAckPacket p:
                w.WriteUInt16(p.PacketIdentifier);
                new MqttPropertyWriter().String(MqttPropertyId.ReasonString, p.ReasonString).Users(p.UserProperties).WriteTo(w);
                foreach (var code in p.ReasonCodes)
                    w.WriteByte((byte)code);
                return Header(MqttPacketType.UnsubAck);
            case PingReqPacket:
                return Header(MqttPacketType.PingReq);
            case PingRespPacket:
                return Header(MqttPacketType.PingResp);
            case DisconnectPacket p:
            {
                var props = new MqttPropertyWriter()
                    .UInt32(MqttPropertyId.SessionExpiryInterval, p.SessionExpiryInterval)
                    .String(MqttPropertyId.ReasonString, p.ReasonString)
                    .String(MqttPropertyId.ServerReference, p.ServerReference)
                    .Users(p.UserProperties);
                if (p.ReasonCode != MqttReasonCode.NormalDisconnection || !props.IsEmpty)
                {
                    w.WriteByte((byte)p.ReasonCode);
                    if (!props.IsEmpty)
                        props.WriteTo(w);
                }
                return Header(MqttPacketType.Disconnect);
            }
            case AuthPacket p:
            {
                var props = new MqttPropertyWriter()
                    .String(MqttPropertyId.AuthenticationMethod, p.AuthenticationMethod)
                    .Binary(MqttPropertyId.AuthenticationData, p.AuthenticationData)
                    .String(MqttPropertyId.ReasonString, p.ReasonString)
                    .Users(p.UserProperties);
                if (p.ReasonCode != MqttReasonCode.Success || !props.IsEmpty)
                {
                    w.WriteByte((byte)p.ReasonCode);
                    props.WriteTo(w);
                }
                return Header(MqttPacketType.Auth);
            }
            default:
                throw new NotSupportedException($"Cannot encode {packet.GetType().Name}.");
        }
    }

    protected override MqttPacket DecodeBody(MqttPacketType type, int flags, ref MqttBufferReader r)
    {
        var ctx = MqttPropertyContext.Of(type);
        var where = type.ToString().ToUpperInvariant();
        switch (type)
        {
            case MqttPacketType.Connect:
                return DecodeConnect(ref r);
            case MqttPacketType.ConnAck:
            {
                var ackFlags = r.ReadByte();
                if ((ackFlags & 0xFE) != 0)
                    throw MqttProtocolException.Malformed("CONNACK acknowledge flags bits 7-1 are reserved.");
                var p = new ConnAckPacket { SessionPresent = (ackFlags & 1) != 0, ReasonCode = (MqttReasonCode)r.ReadByte() };
                var x = MqttProperties.Read(ref r, ctx, where);
                p.SessionExpiryInterval = x.SessionExpiryInterval;
                p.ReceiveMaximum = x.ReceiveMaximum;
                p.MaximumQoS = x.MaximumQoS;
                p.RetainAvailable = x.RetainAvailable;
                p.MaximumPacketSize = x.MaximumPacketSize;
                p.AssignedClientIdentifier = x.AssignedClientIdentifier;
                p.TopicAliasMaximum = x.TopicAliasMaximum;
                p.ReasonString = x.ReasonString;
                p.WildcardSubscriptionAvailable = x.WildcardSubscriptionAvailable;
                p.SubscriptionIdentifiersAvailable = x.SubscriptionIdentifiersAvailable;
                p.SharedSubscriptionAvailable = x.SharedSubscriptionAvailable;
                p.ServerKeepAlive = x.ServerKeepAlive;
                p.ResponseInformation = x.ResponseInformation;
                p.ServerReference = x.ServerReference;
                p.AuthenticationMethod = x.AuthenticationMethod;
                p.AuthenticationData = x.AuthenticationData;
                p.UserProperties = x.UserProperties;
                return p;
            }
            case MqttPacketType.Publish:
            {
                var p = NewPublish(flags);
                p.Topic = r.ReadString();
                if (p.QualityOfService > MqttQualityOfService.AtMostOnce)
                    p.PacketIdentifier = ReadPacketIdentifier(ref r, type);
                var x = MqttProperties.Read(ref r, ctx, where);
                ValidatePublishTopic(p.Topic, x.TopicAlias is not null);
                p.PayloadFormatIndicator = x.PayloadFormatIndicator;
                p.MessageExpiryInterval = x.MessageExpiryInterval;
                p.TopicAlias = x.TopicAlias;
                p.ResponseTopic = x.ResponseTopic;
                p.CorrelationData = x.CorrelationData;
                p.ContentType = x.ContentType;
                p.SubscriptionIdentifiers = x.SubscriptionIdentifiers;
                p.UserProperties = x.UserProperties;
                p.Payload = r.ReadToEnd().ToArray();
                return p;
            }
            case MqttPacketType.PubAck or MqttPacketType.PubRec or MqttPacketType.PubRel or MqttPacketType.PubComp:
            {
                var p = NewAcknowledgement(type);
                p.PacketIdentifier = ReadPacketIdentifier(ref r, type);
                if (!r.End)
                {
                    p.ReasonCode = (MqttReasonCode)r.ReadByte();
                    if (!r.End)
                    {
                        var x = MqttProperties.Read(ref r, ctx, where);
                        p.ReasonString = x.ReasonString;
                        p.UserProperties = x.UserProperties;
                    }
                }
                return p;
            }
            case MqttPacketType.Subscribe:
            {
                var p = new SubscribePacket { PacketIdentifier = ReadPacketIdentifier(ref r, type) };
                var x = MqttProperties.Read(ref r, ctx, where);
                p.SubscriptionIdentifier = x.SubscriptionIdentifiers.Count > 0 ? x.SubscriptionIdentifiers[0] : null;
                p.UserProperties = x.UserProperties;
                while (!r.End)
                {
                    var filter = r.ReadString();
                    var options = r.ReadByte();
                    if ((options & 0xC0) != 0)
                        throw MqttProtocolException.Malformed("SUBSCRIBE options bits 7-6 are reserved.");
                    if ((options & 3) == 3)
                        throw MqttProtocolException.Malformed("SUBSCRIBE with QoS 3.");
                    var retainHandling = (options >> 4) & 3;
                    if (retainHandling == 3)
                        throw MqttProtocolException.ProtocolError("SUBSCRIBE retain handling 3 is reserved.");
                    p.Filters.Add(new MqttTopicFilter
                    {
                        Filter = filter,
                        QualityOfService = (MqttQualityOfService)(options & 3),
                        NoLocal = (options & 4) != 0,
                        RetainAsPublished = (options & 8) != 0,
                        RetainHandling = (MqttRetainHandling)retainHandling,
                    });
                }
                if (p.Filters.Count == 0)
                    throw MqttProtocolException.ProtocolError("SUBSCRIBE must contain at least one topic filter.");
                return p;
            }
            case MqttPacketType.SubAck:
            {
                var p = new SubAckPacket { PacketIdentifier = ReadPacketIdentifier(ref r, type) };
                var x = MqttProperties.Read(ref r, ctx, where);
                p.ReasonString = x.ReasonString;
                p.UserProperties = x.UserProperties;
                while (!r.End)
                    p.ReasonCodes.Add((MqttReasonCode)r.ReadByte());
                return p;
            }
            case MqttPacketType.Unsubscribe:
            {
                var p = new UnsubscribePacket { PacketIdentifier = ReadPacketIdentifier(ref r, type) };
                p.UserProperties = MqttProperties.Read(ref r, ctx, where).UserProperties;
                while (!r.End)
                    p.Filters.Add(r.ReadString());
                if (p.Filters.Count == 0)
                    throw MqttProtocolException.ProtocolError("UNSUBSCRIBE must contain at least one topic filter.");
                return p;
            }
            case MqttPacketType.UnsubAck:
            {
                var p = new UnsubAckPacket { PacketIdentifier = ReadPacketIdentifier(ref r, type) };
                var x = MqttProperties.Read(ref r, ctx, where);
                p.ReasonString = x.ReasonString;
                p.UserProperties = x.UserProperties;
                while (!r.End)
                    p.ReasonCodes.Add((MqttReasonCode)r.ReadByte());
                return p;
            }
            case MqttPacketType.PingReq:
                return PingReqPacket.Instance;
            case MqttPacketType.PingResp:
                return PingRespPacket.Instance;
            case MqttPacketType.Disconnect:
            {
                var p = new DisconnectPacket();
                if (!r.End)
                {
                    p.ReasonCode = (MqttReasonCode)r.ReadByte();
                    if (!r.End)
                    {
                        var x = MqttProperties.Read(ref r, ctx, where);
                        p.SessionExpiryInterval = x.SessionExpiryInterval;
                        p.ReasonString = x.ReasonString;
                        p.ServerReference = x.ServerReference;
                        p.UserProperties = x.UserProperties;
                    }
                }
                return p;
            }
            case MqttPacketType.Auth:
            {
                var p = new AuthPacket();
                if (!r.End)
                {
                    p.ReasonCode = (MqttReasonCode)r.ReadByte();
                    var x = MqttProperties.Read(ref r, ctx, where);
                    p.AuthenticationMethod = x.AuthenticationMethod;
                    p.AuthenticationData = x.AuthenticationData;
                    p.ReasonString = x.ReasonString;
                    p.UserProperties = x.UserProperties;
                }
                return p;
            }
            default:
                throw MqttProtocolException.Malformed($"Unknown packet type {(int)type}.");
        }
    }

    private static void EncodeConnect(ConnectPacket p, MqttBufferWriter w)
    {
        WriteConnectHeader(p, w, level: 5);
        new MqttPropertyWriter()
            .UInt32(MqttPropertyId.SessionExpiryInterval, p.SessionExpiryInterval)
            .UInt16(MqttPropertyId.ReceiveMaximum, p.ReceiveMaximum)
            .UInt32(MqttPropertyId.MaximumPacketSize, p.MaximumPacketSize)
            .UInt16(MqttPropertyId.TopicAliasMaximum, p.TopicAliasMaximum)
            .Bool(MqttPropertyId.RequestResponseInformation, p.RequestResponseInformation)
            .Bool(MqttPropertyId.RequestProblemInformation, p.RequestProblemInformation)
            .Users(p.UserProperties)
            .String(MqttPropertyId.AuthenticationMethod, p.AuthenticationMethod)
            .Binary(MqttPropertyId.AuthenticationData, p.AuthenticationData)
            .WriteTo(w);
        w.WriteString(p.ClientId);
        if (p.Will is { } m)
        {
            new MqttPropertyWriter()
                .UInt32(MqttPropertyId.WillDelayInterval, p.WillDelayInterval)
                .Byte(MqttPropertyId.PayloadFormatIndicator, m.PayloadFormatIndicator)
                .UInt32(MqttPropertyId.MessageExpiryInterval, m.MessageExpiryInterval)
                .String(MqttPropertyId.ContentType, m.ContentType)
                .String(MqttPropertyId.ResponseTopic, m.ResponseTopic)
                .Binary(MqttPropertyId.CorrelationData, m.CorrelationData)
                .Users(m.UserProperties)
                .WriteTo(w);
            w.WriteString(m.Topic);
            w.WriteBinary(m.Payload.Span);
        }
        if (p.Username is not null) w.WriteString(p.Username);
        if (p.Password is not null) w.WriteBinary(p.Password);
    }

    private static ConnectPacket DecodeConnect(ref MqttBufferReader r)
    {
        var h = ReadConnectHeader(ref r, level: 5);
        var p = new ConnectPacket
        {
            ProtocolVersion = MqttProtocolVersion.V500,
            CleanStart = h.CleanStart,
            KeepAliveSeconds = h.KeepAliveSeconds,
        };
        var x = MqttProperties.Read(ref r, MqttPropertyContext.Of(MqttPacketType.Connect), "CONNECT");
        p.SessionExpiryInterval = x.SessionExpiryInterval;
        p.ReceiveMaximum = x.ReceiveMaximum;
        p.MaximumPacketSize = x.MaximumPacketSize;
        p.TopicAliasMaximum = x.TopicAliasMaximum;
        p.RequestResponseInformation = x.RequestResponseInformation;
        p.RequestProblemInformation = x.RequestProblemInformation;
        p.AuthenticationMethod = x.AuthenticationMethod;
        p.AuthenticationData = x.AuthenticationData;
        p.UserProperties = x.UserProperties;
        if (x.AuthenticationData is not null && x.AuthenticationMethod is null)
            throw MqttProtocolException.ProtocolError("CONNECT has authentication data without an authentication method.");
        p.ClientId = r.ReadString();
        if (h.HasWill)
        {
            var wx = MqttProperties.Read(ref r, MqttPropertyContext.Will, "CONNECT will properties");
            var topic = ReadWillTopic(ref r);
            p.WillDelayInterval = wx.WillDelayInterval;
            p.Will = new MqttApplicationMessage
            {
                Topic = topic,
                Payload = r.ReadBinary(),
                QualityOfService = h.WillQos,
                Retain = h.WillRetain,
                PayloadFormatIndicator = wx.PayloadFormatIndicator,
                MessageExpiryInterval = wx.MessageExpiryInterval,
                ContentType = wx.ContentType,
                ResponseTopic = wx.ResponseTopic,
                CorrelationData = wx.CorrelationData,
                UserProperties = wx.UserProperties,
            };
        }
        if (h.HasUserName) p.Username = r.ReadString();
        if (h.HasPassword) p.Password = r.ReadBinary();
        return p;
    }
}
