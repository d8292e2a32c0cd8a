using PluginRuntime.Mqtt.Packets;

namespace PluginRuntime.Mqtt.Formatter.V3;

/// <summary>MQTT 3.1.1 wire format. MQTT 5 only members of packets are ignored when encoding.</summary>
internal sealed class MqttV3PacketFormatter : MqttPacketFormatter
{
    public override MqttProtocolVersion Version => MqttProtocolVersion.V311;

    protected override byte EncodeBody(MqttPacket packet, MqttBufferWriter w)
    {
        switch (packet)
        {
            case ConnectPacket p:
                EncodeConnect(p, w);
                return Header(MqttPacketType.Connect);
            case ConnAckPacket p:
                w.WriteByte(p.SessionPresent ? (byte)1 : (byte)0);
                w.WriteByte(ToReturnCode(p.ReasonCode));
                return Header(MqttPacketType.ConnAck);
            case PublishPacket p:
                w.WriteString(p.Topic);
                if (p.QualityOfService > MqttQualityOfService.AtMostOnce)
                {
                    RequireNonZeroIdentifier(p.PacketIdentifier, p.Type);
                    w.WriteUInt16(p.PacketIdentifier);
                }
                w.WriteBytes(p.Payload.Span);
                return PublishHeader(p);
            case MqttAcknowledgementPacket p:
                RequireNonZeroIdentifier(p.PacketIdentifier, p.Type);
                w.WriteUInt16(p.PacketIdentifier);
                return Header(p.Type, p.Type == MqttPacketType.PubRel ? 2 : 0);
            case SubscribePacket p:
                RequireNonZeroIdentifier(p.PacketIdentifier, p.Type);
                w.WriteUInt16(p.PacketIdentifier);
                foreach (var f in p.Filters)
                {
                    w.WriteString(f.Filter);
                    w.WriteByte((byte)f.QualityOfService);
                }
                return Header(MqttPacketType.Subscribe, 2);
            case SubAckPacket p:
                w.WriteUInt16(p.PacketIdentifier);
                foreach (var code in p.ReasonCodes)
                    w.WriteByte(code <= MqttReasonCode.GrantedQoS2 ? (byte)code : (byte)0x80);
                return Header(MqttPacketType.SubAck);
            case UnsubscribePacket p:
                RequireNonZeroIdentifier(p.PacketIdentifier, p.Type);
                w.WriteUInt16(p.PacketIdentifier);
                foreach (var f in p.Filters)
                    w.WriteString(f);
                return Header(MqttPacketType.Unsubscribe, 2);
            case UnsubAckPacket p:
                w.WriteUInt16(p.PacketIdentifier);
                return Header(MqttPacketType.UnsubAck);
            case PingReqPacket:
                return Header(MqttPacketType.PingReq);
            case PingRespPacket:
                return Header(MqttPacketType.PingResp);
            case DisconnectPacket:
                return Header(MqttPacketType.Disconnect);
            case AuthPacket:
                throw new NotSupportedException("AUTH does not exist in MQTT 3.1.1.");
            default:
                throw new NotSupportedException($"Cannot encode {packet.GetType().Name}.");
        }
    }

    protected override MqttPacket DecodeBody(MqttPacketType type, int flags, ref MqttBufferReader r)
    {
        switch (type)
        {
            case MqttPacketType.Connect:
                return DecodeConnect(ref r);
            case MqttPacketType.ConnAck:
            {
                var ackFlags = r.ReadByte();
                if ((ackFlags & 0xFE) != 0)
                    throw MqttProtocolException.Malformed("CONNACK acknowledge flags bits 7-1 are reserved.");
                var code = r.ReadByte();
                return new ConnAckPacket { SessionPresent = (ackFlags & 1) != 0, ReasonCode = FromReturnCode(code) };
            }
            case MqttPacketType.Publish:
            {
                var p = NewPublish(flags);
                p.Topic = r.ReadString();
                ValidatePublishTopic(p.Topic, aliasPresent: false);
                if (p.QualityOfService > MqttQualityOfService.AtMostOnce)
                    p.PacketIdentifier = ReadPacketIdentifier(ref r, type);
                p.Payload = r.ReadToEnd().ToArray();
                return p;
            }
            case MqttPacketType.PubAck or MqttPacketType.PubRec or MqttPacketType.PubRel or MqttPacketType.PubComp:
            {
                var p = NewAcknowledgement(type);
                p.PacketIdentifier = ReadPacketIdentifier(ref r, type);
                return p;
            }
            case MqttPacketType.Subscribe:
            {
                var p = new SubscribePacket { PacketIdentifier = ReadPacketIdentifier(ref r, type) };
                while (!r.End)
                {
                    var filter = r.ReadString();
                    var options = r.ReadByte();
                    if ((options & 0xFC) != 0)
                        throw MqttProtocolException.Malformed("SUBSCRIBE requested QoS byte has reserved bits set.");
                    if ((options & 3) == 3)
                        throw MqttProtocolException.Malformed("SUBSCRIBE with QoS 3.");
                    p.Filters.Add(new MqttTopicFilter { Filter = filter, QualityOfService = (MqttQualityOfService)options });
                }
                if (p.Filters.Count == 0)
                    throw MqttProtocolException.ProtocolError("SUBSCRIBE must contain at least one topic filter.");
                return p;
            }
            case MqttPacketType.SubAck:
            {
                var p = new SubAckPacket { PacketIdentifier = ReadPacketIdentifier(ref r, type) };
                while (!r.End)
                {
                    var code = r.ReadByte();
                    if (code is not (0 or 1 or 2 or 0x80))
                        throw MqttProtocolException.Malformed($"SUBACK return code 0x{code:X2} is not allowed.");
                    p.ReasonCodes.Add(code == 0x80 ? MqttReasonCode.UnspecifiedError : (MqttReasonCode)code);
                }
                return p;
            }
            case MqttPacketType.Unsubscribe:
            {
                var p = new UnsubscribePacket { PacketIdentifier = ReadPacketIdentifier(ref r, type) };
                while (!r.End)
                    p.Filters.Add(r.ReadString());
                if (p.Filters.Count == 0)
                    throw MqttProtocolException.ProtocolError("UNSUBSCRIBE must contain at least one topic filter.");
                return p;
            }
            case MqttPacketType.UnsubAck:
                return new UnsubAckPacket { PacketIdentifier = ReadPacketIdentifier(ref r, type) };
            case MqttPacketType.PingReq:
                return PingReqPacket.Instance;
            case MqttPacketType.PingResp:
                return PingRespPacket.Instance;
            case MqttPacketType.Disconnect:
                return new DisconnectPacket();
            default:
                throw MqttProtocolException.Malformed($"Unknown packet type {(int)type}.");
        }
    }

    private static void EncodeConnect(ConnectPacket p, MqttBufferWriter w)
    {
        if (p.Password is not null && p.Username is null)
            throw new ArgumentException("MQTT 3.1.1 does not allow a password without a user name.");
        WriteConnectHeader(p, w, level: 4);
        w.WriteString(p.ClientId);
        if (p.Will is { } w2)
        {
            w.WriteString(w2.Topic);
            w.WriteBinary(w2.Payload.Span);
        }
        if (p.Username is not null) w.WriteString(p.Username);
        if (p.Password is not null) w.WriteBinary(p.Password);
    }

    private static ConnectPacket DecodeConnect(ref MqttBufferReader r)
    {
        var h = ReadConnectHeader(ref r, level: 4);
        if (h.HasPassword && !h.HasUserName)
            throw MqttProtocolException.Malformed("CONNECT password flag set without the user name flag.");
        var p = new ConnectPacket
        {
            ProtocolVersion = MqttProtocolVersion.V311,
            CleanStart = h.CleanStart,
            KeepAliveSeconds = h.KeepAliveSeconds,
            ClientId = r.ReadString(),
        };
        if (h.HasWill)
        {
            p.Will = new MqttApplicationMessage
            {
                Topic = ReadWillTopic(ref r),
                Payload = r.ReadBinary(),
                QualityOfService = h.WillQos,
                Retain = h.WillRetain,
            };
        }
        if (h.HasUserName) p.Username = r.ReadString();
        if (h.HasPassword) p.Password = r.ReadBinary();
        return p;
    }

    private static byte ToReturnCode(MqttReasonCode code) => code switch
    {
        MqttReasonCode.Success => 0,
        MqttReasonCode.UnsupportedProtocolVersion => 1,
        MqttReasonCode.ClientIdentifierNotValid => 2,
        MqttReasonCode.BadUserNameOrPassword => 4,
        MqttReasonCode.NotAuthorized or MqttReasonCode.Banned => 5,
        _ => 3, // server unavailable is the closest 3.1.1 has for every other refusal
    };

    private static MqttReasonCode FromReturnCode(byte code) => code switch
    {
        0 => MqttReasonCode.Success,
        1 => MqttReasonCode.UnsupportedProtocolVersion,
        2 => MqttReasonCode.ClientIdentifierNotValid,
        3 => MqttReasonCode.ServerUnavailable,
        4 => MqttReasonCode.BadUserNameOrPassword,
        5 => MqttReasonCode.NotAuthorized,
        _ => throw MqttProtocolException.Malformed($"CONNACK return code {code} is reserved."),
    };
}
