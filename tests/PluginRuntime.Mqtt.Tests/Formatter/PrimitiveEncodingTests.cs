using PluginRuntime.Mqtt.Formatter;
using PluginRuntime.Mqtt.Tests.Support;

namespace PluginRuntime.Mqtt.Tests.Formatter;

public sealed class PrimitiveEncodingTests
{
    [Theory]
    [InlineData(0u, "00")]
    [InlineData(127u, "7F")]
    [InlineData(128u, "80 01")]
    [InlineData(16_383u, "FF 7F")]
    [InlineData(16_384u, "80 80 01")]
    [InlineData(2_097_151u, "FF FF 7F")]
    [InlineData(2_097_152u, "80 80 80 01")]
    [InlineData(268_435_455u, "FF FF FF 7F")]
    public void Variable_byte_integers_use_the_specification_encoding(uint value, string hex)
    {
        var buffer = new byte[4];
        var written = VariableByteInteger.Write(value, buffer);

        Assert.Equal(Hex.Parse(hex), buffer[..written]);
        Assert.Equal(written, VariableByteInteger.Size(value));
        Assert.True(VariableByteInteger.TryRead(buffer.AsSpan(0, written), out var decoded, out var consumed));
        Assert.Equal(value, decoded);
        Assert.Equal(written, consumed);
    }

    [Fact]
    public void A_variable_byte_integer_above_the_protocol_maximum_cannot_be_written()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => VariableByteInteger.Write(268_435_456u, new byte[8]));
    }

    [Theory]
    [InlineData("FF FF FF FF 7F")]
    [InlineData("80 80 80 80 01")]
    [InlineData("80 00")]
    public void A_five_byte_or_non_minimal_variable_byte_integer_is_malformed(string hex)
    {
        var ex = Assert.Throws<MqttProtocolException>(() => VariableByteInteger.TryRead(Hex.Parse(hex), out _, out _));
        Assert.Equal(MqttReasonCode.MalformedPacket, ex.ReasonCode);
    }

    [Fact]
    public void An_incomplete_variable_byte_integer_asks_for_more_bytes()
    {
        Assert.False(VariableByteInteger.TryRead(Hex.Parse("80 80"), out _, out _));
    }

    [Fact]
    public void Strings_with_U0000_cannot_be_encoded()
    {
        Assert.Throws<ArgumentException>(() => MqttUtf8.Encode("a\0b"));
    }

    [Fact]
    public void Strings_with_a_lone_surrogate_cannot_be_encoded()
    {
        Assert.Throws<ArgumentException>(() => MqttUtf8.Encode("a\uD800b"));
    }

    [Fact]
    public void Strings_longer_than_65535_bytes_cannot_be_encoded_but_65535_can()
    {
        Assert.Equal(65_535, MqttUtf8.Encode(new string('x', 65_535)).Length);
        Assert.Throws<ArgumentException>(() => MqttUtf8.Encode(new string('é', 32_768)));
    }
}
