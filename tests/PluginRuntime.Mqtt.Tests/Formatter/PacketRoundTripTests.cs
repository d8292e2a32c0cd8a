using PluginRuntime.Mqtt.Formatter;
using PluginRuntime.Mqtt.Packets;
using PluginRuntime.Mqtt.Tests.Support;

namespace PluginRuntime.Mqtt.Tests.Formatter;

public sealed class PacketRoundTripTests
{
    public static TheoryData<MqttProtocolVersion, string> Cases()
    {
        var data = new TheoryData<MqttProtocolVersion, string>();
        foreach (var version in new[] { MqttProtocolVersion.V311, MqttProtocolVersion.V500 })
        {
            foreach (var packet in Some.PacketsFor(version))
                data.Add(version, packet.GetType().Name);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_packet_survives_encode_then_decode_unchanged(MqttProtocolVersion version, string packetName)
    {
        var formatter = MqttPacketFormatter.For(version);
        var original = Some.PacketsFor(version).Single(p => p.GetType().Name == packetName);

        var bytes = formatter.Encode(original);
        var decoded = DecodeWhole(formatter, bytes);

        PacketAssert.Equal(original, decoded);
        Assert.Equal(bytes, formatter.Encode(decoded));
    }

    [Fact]
    public void The_round_trip_cases_cover_every_packet_type_of_both_versions()
    {
        var v3 = Some.PacketsFor(MqttProtocolVersion.V311).Select(p => p.Type).ToHashSet();
        var v5 = Some.PacketsFor(MqttProtocolVersion.V500).Select(p => p.Type).ToHashSet();

        Assert.Equal(Enum.GetValues<MqttPacketType>().Where(t => t != MqttPacketType.Auth).ToHashSet(), v3);
        Assert.Equal(Enum.GetValues<MqttPacketType>().ToHashSet(), v5);
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public void Minimal_packets_round_trip_with_absent_optional_fields(MqttProtocolVersion version)
    {
        var formatter = MqttPacketFormatter.For(version);
        MqttPacket[] packets =
        [
            new ConnectPacket { ProtocolVersion = version, ClientId = "" },
            new ConnAckPacket(),
            new PublishPacket { Topic = "t", Payload = Array.Empty<byte>() },
            new PubAckPacket { PacketIdentifier = 1 },
            new DisconnectPacket(),
        ];
        foreach (var packet in packets)
            PacketAssert.Equal(packet, DecodeWhole(formatter, formatter.Encode(packet)));
    }

    [Fact]
    public void A_v5_success_acknowledgement_without_properties_is_just_the_identifier()
    {
        var bytes = MqttPacketFormatter.V500.Encode(new PubAckPacket { PacketIdentifier = 0x0102 });

        Assert.Equal(Hex.Parse("40 02 01 02"), bytes);
    }

    [Fact]
    public void A_v311_publish_encodes_to_the_bytes_the_specification_describes()
    {
        var packet = new PublishPacket { Topic = "a/b", Payload = Some.Bytes("hi"), QualityOfService = MqttQualityOfService.AtLeastOnce, PacketIdentifier = 10 };

        Assert.Equal(Hex.Parse("32 09 00 03 61 2F 62 00 0A 68 69"), MqttPacketFormatter.V311.Encode(packet));
    }

    [Fact]
    public void The_connect_protocol_level_selects_the_version()
    {
        var v3 = MqttPacketFormatter.V311.Encode(new ConnectPacket { ProtocolVersion = MqttProtocolVersion.V311, ClientId = "x" });
        var v5 = MqttPacketFormatter.V500.Encode(new ConnectPacket { ClientId = "x" });

        Assert.Equal(MqttProtocolVersion.V311, MqttPacketFormatter.ReadConnectProtocolVersion(v3.AsSpan(2)));
        Assert.Equal(MqttProtocolVersion.V500, MqttPacketFormatter.ReadConnectProtocolVersion(v5.AsSpan(2)));
    }

    internal static MqttPacket DecodeWhole(MqttPacketFormatter formatter, byte[] bytes)
    {
        Assert.True(VariableByteInteger.TryRead(bytes.AsSpan(1), out var length, out var consumed));
        Assert.Equal(bytes.Length, 1 + consumed + (int)length);
        return formatter.Decode(bytes[0], bytes.AsSpan(1 + consumed));
    }
}
