using PluginRuntime.Mqtt.Formatter;
using PluginRuntime.Mqtt.Tests.Support;

namespace PluginRuntime.Mqtt.Tests.Formatter;

public sealed class MalformedPacketTests
{
    public static TheoryData<string, string, MqttReasonCode> V311Cases() => new()
    {
        { "CONNECT reserved flag", "10 0D 00 04 4D 51 54 54 04 03 00 3C 00 01 78", MqttReasonCode.MalformedPacket },
        { "CONNECT password without user name", "10 0D 00 04 4D 51 54 54 04 42 00 3C 00 01 78", MqttReasonCode.MalformedPacket },
        { "CONNECT will QoS 3", "10 0D 00 04 4D 51 54 54 04 1E 00 3C 00 01 78", MqttReasonCode.MalformedPacket },
        { "CONNECT will QoS without will flag", "10 0D 00 04 4D 51 54 54 04 0A 00 3C 00 01 78", MqttReasonCode.MalformedPacket },
        { "CONNECT protocol level 3", "10 0D 00 04 4D 51 54 54 03 02 00 3C 00 01 78", MqttReasonCode.UnsupportedProtocolVersion },
        { "PUBLISH QoS 3", "36 05 00 01 61 00 01", MqttReasonCode.MalformedPacket },
        { "PUBLISH QoS 0 with DUP", "38 03 00 01 61", MqttReasonCode.MalformedPacket },
        { "PUBLISH QoS 1 with packet identifier 0", "32 05 00 01 61 00 00", MqttReasonCode.ProtocolError },
        { "PUBLISH topic with #", "30 05 00 03 61 2F 23", MqttReasonCode.TopicNameInvalid },
        { "PUBLISH topic with +", "30 04 00 02 61 2B", MqttReasonCode.TopicNameInvalid },
        { "PUBLISH topic containing U+0000", "30 03 00 01 00", MqttReasonCode.MalformedPacket },
        { "PUBLISH topic not UTF-8", "30 03 00 01 FF", MqttReasonCode.MalformedPacket },
        { "PUBLISH topic encoded as a UTF-16 surrogate", "30 05 00 03 ED A0 80", MqttReasonCode.MalformedPacket },
        { "PUBLISH topic longer than the packet", "30 03 00 05 61", MqttReasonCode.MalformedPacket },
        { "PUBACK reserved flags", "41 02 00 01", MqttReasonCode.MalformedPacket },
        { "PUBACK with trailing bytes", "40 03 00 01 00", MqttReasonCode.MalformedPacket },
        { "PUBACK truncated", "40 01 00", MqttReasonCode.MalformedPacket },
        { "PUBREL without its required flags", "60 02 00 01", MqttReasonCode.MalformedPacket },
        { "PUBREL packet identifier 0", "62 02 00 00", MqttReasonCode.ProtocolError },
        { "SUBSCRIBE without its required flags", "80 06 00 01 00 01 61 00", MqttReasonCode.MalformedPacket },
        { "SUBSCRIBE QoS 3", "82 06 00 01 00 01 61 03", MqttReasonCode.MalformedPacket },
        { "SUBSCRIBE reserved option bits", "82 06 00 01 00 01 61 04", MqttReasonCode.MalformedPacket },
        { "SUBSCRIBE without filters", "82 02 00 01", MqttReasonCode.ProtocolError },
        { "SUBSCRIBE packet identifier 0", "82 06 00 00 00 01 61 00", MqttReasonCode.ProtocolError },
        { "UNSUBSCRIBE packet identifier 0", "A2 05 00 00 00 01 61", MqttReasonCode.ProtocolError },
        { "UNSUBSCRIBE without filters", "A2 02 00 01", MqttReasonCode.ProtocolError },
        { "SUBACK return code 3", "90 03 00 01 03", MqttReasonCode.MalformedPacket },
        { "CONNACK reserved acknowledge flags", "20 02 02 00", MqttReasonCode.MalformedPacket },
        { "CONNACK reserved return code", "20 02 00 06", MqttReasonCode.MalformedPacket },
        { "PINGREQ with a body", "C0 01 00", MqttReasonCode.MalformedPacket },
        { "DISCONNECT reserved flags", "E1 00", MqttReasonCode.MalformedPacket },
        { "AUTH, which 3.1.1 does not have", "F0 00", MqttReasonCode.MalformedPacket },
        { "packet type 0", "00 00", MqttReasonCode.MalformedPacket },
    };

    public static TheoryData<string, string, MqttReasonCode> V500Cases() => new()
    {
        { "duplicate payload format indicator", "30 08 00 01 61 04 01 00 01 00", MqttReasonCode.ProtocolError },
        { "session expiry (a CONNECT property) in PUBLISH", "30 09 00 01 61 05 11 00 00 00 01", MqttReasonCode.MalformedPacket },
        { "will delay (a will property) in PUBLISH", "30 09 00 01 61 05 18 00 00 00 01", MqttReasonCode.MalformedPacket },
        { "unknown property identifier", "30 06 00 01 61 02 7F 00", MqttReasonCode.MalformedPacket },
        { "property length beyond the packet", "30 05 00 01 61 10 00", MqttReasonCode.MalformedPacket },
        { "property length not minimally encoded", "30 05 00 01 61 80 00", MqttReasonCode.MalformedPacket },
        { "property value truncated", "30 06 00 01 61 02 02 00", MqttReasonCode.MalformedPacket },
        { "topic alias 0", "30 07 00 01 61 03 23 00 00", MqttReasonCode.TopicAliasInvalid },
        { "empty topic without a topic alias", "30 03 00 00 00", MqttReasonCode.ProtocolError },
        { "payload format indicator 2", "30 06 00 01 61 02 01 02", MqttReasonCode.ProtocolError },
        { "PUBLISH topic with a wildcard", "30 04 00 01 23 00", MqttReasonCode.TopicNameInvalid },
        { "SUBSCRIBE retain handling 3", "82 07 00 01 00 00 01 61 30", MqttReasonCode.ProtocolError },
        { "SUBSCRIBE reserved option bits", "82 07 00 01 00 00 01 61 40", MqttReasonCode.MalformedPacket },
        { "SUBSCRIBE subscription identifier 0", "82 09 00 01 02 0B 00 00 01 61 00", MqttReasonCode.ProtocolError },
        { "SUBSCRIBE with two subscription identifiers", "82 0B 00 01 04 0B 01 0B 02 00 01 61 00", MqttReasonCode.ProtocolError },
        { "SUBSCRIBE without filters", "82 03 00 01 00", MqttReasonCode.ProtocolError },
        { "CONNECT receive maximum 0", "10 10 00 04 4D 51 54 54 05 02 00 3C 03 21 00 00 00 00", MqttReasonCode.ProtocolError },
        { "CONNECT maximum packet size 0", "10 12 00 04 4D 51 54 54 05 02 00 3C 05 27 00 00 00 00 00 00", MqttReasonCode.ProtocolError },
        { "CONNECT duplicate session expiry", "10 17 00 04 4D 51 54 54 05 02 00 3C 0A 11 00 00 00 01 11 00 00 00 02 00 00", MqttReasonCode.ProtocolError },
        { "CONNECT protocol level 4 sent to the v5 decoder", "10 0D 00 04 4D 51 54 54 04 02 00 3C 00 01 78", MqttReasonCode.UnsupportedProtocolVersion },
        { "CONNACK maximum QoS 2", "20 05 00 00 02 24 02", MqttReasonCode.ProtocolError },
        { "CONNACK retain available 2", "20 05 00 00 02 25 02", MqttReasonCode.ProtocolError },
        { "PUBACK property block beyond the packet", "40 04 00 01 00 05", MqttReasonCode.MalformedPacket },
        { "PUBREL reserved flags", "60 02 00 01", MqttReasonCode.MalformedPacket },
        { "AUTH reserved flags", "F1 00", MqttReasonCode.MalformedPacket },
        { "DISCONNECT reason string with invalid UTF-8", "E0 06 00 04 1F 00 01 C0", MqttReasonCode.MalformedPacket },
    };

    [Theory]
    [MemberData(nameof(V311Cases))]
    public void A_malformed_v311_packet_is_rejected_with_the_right_reason(string why, string hex, MqttReasonCode expected)
    {
        var ex = Assert.Throws<MqttProtocolException>(() => Decode(MqttPacketFormatter.V311, hex));
        Assert.True(expected == ex.ReasonCode, $"{why}: expected {expected}, got {ex.ReasonCode} ({ex.Message})");
    }

    [Theory]
    [MemberData(nameof(V500Cases))]
    public void A_malformed_v5_packet_is_rejected_with_the_right_reason(string why, string hex, MqttReasonCode expected)
    {
        var ex = Assert.Throws<MqttProtocolException>(() => Decode(MqttPacketFormatter.V500, hex));
        Assert.True(expected == ex.ReasonCode, $"{why}: expected {expected}, got {ex.ReasonCode} ({ex.Message})");
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public void Every_truncation_of_every_valid_packet_is_rejected_or_decodes_to_a_shorter_valid_packet(MqttProtocolVersion version)
    {
        // Truncating the body must never crash with anything but MqttProtocolException (no IndexOutOfRange etc.).
        var formatter = MqttPacketFormatter.For(version);
        foreach (var packet in Some.PacketsFor(version))
        {
            var bytes = formatter.Encode(packet);
            VariableByteInteger.TryRead(bytes.AsSpan(1), out _, out var consumed);
            var body = bytes.AsSpan(1 + consumed).ToArray();
            for (var cut = 0; cut < body.Length; cut++)
            {
                try
                {
                    formatter.Decode(bytes[0], body.AsSpan(0, cut));
                }
                catch (MqttProtocolException)
                {
                }
            }
        }
    }

    [Fact]
    public void Random_bodies_only_ever_fail_with_a_protocol_exception()
    {
        var random = new Random(1234);
        foreach (var formatter in new[] { MqttPacketFormatter.V311, MqttPacketFormatter.V500 })
        {
            for (var i = 0; i < 20_000; i++)
            {
                var header = (byte)random.Next(256);
                var body = new byte[random.Next(0, 40)];
                random.NextBytes(body);
                try
                {
                    formatter.Decode(header, body);
                }
                catch (MqttProtocolException)
                {
                }
            }
        }
    }

    private static void Decode(MqttPacketFormatter formatter, string hex)
    {
        var bytes = Hex.Parse(hex);
        Assert.True(VariableByteInteger.TryRead(bytes.AsSpan(1), out var length, out var consumed));
        Assert.True(bytes.Length == 1 + consumed + (int)length, $"test vector length is wrong: {hex}");
        formatter.Decode(bytes[0], bytes.AsSpan(1 + consumed));
    }
}
