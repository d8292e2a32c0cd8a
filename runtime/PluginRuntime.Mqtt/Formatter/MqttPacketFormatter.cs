using PluginRuntime.Mqtt.Formatter.V3;
using PluginRuntime.Mqtt.Formatter.V5;
using PluginRuntime.Mqtt.Packets;

namespace PluginRuntime.Mqtt.Formatter;

/// <summary>
/// Encodes packets to wire bytes and decodes one framed packet (fixed header byte + body) back, strictly:
/// anything the specification forbids becomes an <see cref="MqttProtocolException"/> with the reason code to
/// send. Formatters are stateless and thread-safe.
/// </summary>
internal abstract class MqttPacketFormatter
{
    public static MqttPacketFormatter V311 { get; } = new MqttV3PacketFormatter();

    public static MqttPacketFormatter V500 { get; } = new MqttV5PacketFormatter();

    public abstract MqttProtocolVersion Version { get; }

    public static MqttPacketFormatter For(MqttProtocolVersion version) => version switch
    {
        MqttProtocolVersion.V311 => V311,
        MqttProtocolVersion.V500 => V500,
        _ => throw new ArgumentOutOfRangeException(nameof(version), version, "Only MQTT 3.1.1 and 5.0 are supported."),
    };

    /// <summary>
    /// Reads the protocol name and level at the start of a CONNECT body, so a server can pick the formatter
    /// before decoding the rest.
    /// </summary>
    public static MqttProtocolVersion ReadConnectProtocolVersion(ReadOnlySpan<byte> body)
    {
        var reader = new MqttBufferReader(body);
        var name = reader.ReadString();
        var level = reader.ReadByte();
        if (name != "MQTT")
            throw new MqttProtocolException(MqttReasonCode.UnsupportedProtocolVersion, $"Unsupported protocol name '{name}' (level {level}).");
        return level switch
        {
            4 => MqttProtocolVersion.V311,
            5 => MqttProtocolVersion.V500,
            _ => throw new MqttProtocolException(MqttReasonCode.UnsupportedProtocolVersion, $"Unsupported protocol level {level}."),
        };
    }

    public byte[] Encode(MqttPacket packet)
    {
        var body = new MqttBufferWriter();
        var header = EncodeBody(packet, body);
        var length = (uint)body.Length;
        var result = new byte[1 + VariableByteInteger.Size(length) + body.Length];
        result[0] = header;
        var offset = 1 + VariableByteInteger.Write(length, result.AsSpan(1));
        body.WrittenSpan.CopyTo(result.AsSpan(offset));
        return result;
    }

    public MqttPacket Decode(byte header, ReadOnlySpan<byte> body)
    {
        var type = (MqttPacketType)(header >> 4);
        var flags = header & 0x0F;
        if (type == 0)
            throw MqttProtocolException.Malformed("Packet type 0 is reserved.");
        if (type == MqttPacketType.Auth && Version == MqttProtocolVersion.V311)
            throw MqttProtocolException.Malformed("Packet type 15 is reserved in MQTT 3.1.1.");
        // 2.1.3: fixed header flags are reserved except for PUBLISH; PUBREL, SUBSCRIBE, UNSUBSCRIBE use 0010.
        var expected = type is MqttPacketType.PubRel or MqttPacketType.Subscribe or MqttPacketType.Unsubscribe ? 2 : 0;
        if (type != MqttPacketType.Publish && flags != expected)
            throw MqttProtocolException.Malformed($"{type} has reserved fixed header flags 0x{flags:X} (expected 0x{expected:X}).");
        var reader = new MqttBufferReader(body);
        var packet = DecodeBody(type, flags, ref reader);
        reader.ExpectEnd(type.ToString());
        return packet;
    }

    protected abstract byte EncodeBody(MqttPacket packet, MqttBufferWriter writer);

    protected abstract MqttPacket DecodeBody(MqttPacketType type, int flags, ref MqttBufferReader reader);

    protected static byte Header(MqttPacketType type, int flags = 0) => (byte)(((int)type << 4) | flags);

    protected static byte PublishHeader(PublishPacket packet)
    {
        if (packet.QualityOfService > MqttQualityOfService.ExactlyOnce)
            throw new ArgumentException("QoS must be 0, 1 or 2.", nameof(packet));
        var flags = ((int)packet.QualityOfService << 1) | (packet.Retain ? 1 : 0) | (packet.Dup ? 8 : 0);
        return Header(MqttPacketType.Publish, flags);
    }

    /// <summary>Validates PUBLISH fixed header flags and applies them to the packet.</summary>
    protected static PublishPacket NewPublish(int flags)
    {
        var qos = (flags >> 1) & 3;
        if (qos == 3)
            throw MqttProtocolException.Malformed("PUBLISH with QoS 3.");
        var dup = (flags & 8) != 0;
        if (dup && qos == 0)
            throw MqttProtocolException.Malformed("PUBLISH with QoS 0 must not set DUP.");
        return new PublishPacket { QualityOfService = (MqttQualityOfService)qos, Retain = (flags & 1) != 0, Dup = dup };
    }

    protected static void ValidatePublishTopic(string topic, bool aliasPresent)
    {
        if (topic.IndexOfAny(['+', '#']) >= 0)
            throw new MqttProtocolException(MqttReasonCode.TopicNameInvalid, $"PUBLISH topic '{topic}' contains a wildcard.");
        if (topic.Length == 0 && !aliasPresent)
            throw new MqttProtocolException(MqttReasonCode.ProtocolError, "PUBLISH topic is empty and no topic alias is given.");
    }

    protected static ushort ReadPacketIdentifier(ref MqttBufferReader reader, MqttPacketType type)
    {
        var id = reader.ReadUInt16();
        if (id == 0)
            throw MqttProtocolException.ProtocolError($"{type} packet identifier must not be 0.");
        return id;
    }

    /// <summary>Writes the protocol name, level, flags byte and keep-alive of a CONNECT.</summary>
    protected static void WriteConnectHeader(ConnectPacket p, MqttBufferWriter w, byte level)
    {
        w.WriteString("MQTT");
        w.WriteByte(level);
        var flags = 0;
        if (p.Username is not null) flags |= 0x80;
        if (p.Password is not null) flags |= 0x40;
        if (p.Will is { } will)
            flags |= 0x04 | ((int)will.QualityOfService << 3) | (will.Retain ? 0x20 : 0);
        if (p.CleanStart) flags |= 0x02;
        w.WriteByte((byte)flags);
        w.WriteUInt16(p.KeepAliveSeconds);
    }

    /// <summary>
    /// Reads and validates the protocol name, level, flags byte and keep-alive of a CONNECT: the reserved flag, will
    /// QoS 3, and will QoS/retain without the will flag are malformed in every version.
    /// </summary>
    protected static ConnectHeader ReadConnectHeader(ref MqttBufferReader r, byte level)
    {
        var name = r.ReadString();
        var actualLevel = r.ReadByte();
        if (name != "MQTT" || actualLevel != level)
            throw new MqttProtocolException(MqttReasonCode.UnsupportedProtocolVersion, $"Expected MQTT level {level}, got '{name}' level {actualLevel}.");
        var flags = r.ReadByte();
        if ((flags & 1) != 0)
            throw MqttProtocolException.Malformed("CONNECT reserved flag is set.");
        var hasWill = (flags & 0x04) != 0;
        var willQos = (flags >> 3) & 3;
        if (willQos == 3)
            throw MqttProtocolException.Malformed("CONNECT will QoS 3.");
        var willRetain = (flags & 0x20) != 0;
        if (!hasWill && (willQos != 0 || willRetain))
            throw MqttProtocolException.Malformed("CONNECT will QoS/retain set without the will flag.");
        return new ConnectHeader(
            CleanStart: (flags & 0x02) != 0, hasWill, (MqttQualityOfService)willQos, willRetain,
            HasUserName: (flags & 0x80) != 0, HasPassword: (flags & 0x40) != 0, KeepAliveSeconds: r.ReadUInt16());
    }

    /// <summary>Reads a CONNECT's will topic, which must be a valid topic name (no wildcards).</summary>
    protected static string ReadWillTopic(ref MqttBufferReader r)
    {
        var topic = r.ReadString();
        if (!MqttTopic.IsValidTopicName(topic))
            throw new MqttProtocolException(MqttReasonCode.TopicNameInvalid, $"Will topic '{topic}' is not a valid topic name.");
        return topic;
    }

    protected static MqttAcknowledgementPacket NewAcknowledgement(MqttPacketType type) => type switch
    {
        MqttPacketType.PubAck => new PubAckPacket(),
        MqttPacketType.PubRec => new PubRecPacket(),
        MqttPacketType.PubRel => new PubRelPacket(),
        MqttPacketType.PubComp => new PubCompPacket(),
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    protected static void RequireNonZeroIdentifier(ushort id, MqttPacketType type)
    {
        if (id == 0)
            throw new ArgumentException($"{type} needs a non-zero packet identifier.");
    }
}
