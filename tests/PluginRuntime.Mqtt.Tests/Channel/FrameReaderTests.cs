using System.IO.Pipelines;
using PluginRuntime.Mqtt.Channel;
using PluginRuntime.Mqtt.Tests.Support;

namespace PluginRuntime.Mqtt.Tests.Channel;

public sealed class FrameReaderTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_packet_delivered_one_byte_at_a_time_is_read_whole()
    {
        var pipe = new Pipe();
        var reader = new MqttFrameReader(pipe.Reader, 1024);
        var bytes = Hex.Parse("32 09 00 03 61 2F 62 00 0A 68 69");

        var read = reader.ReadAsync(CancellationToken.None).AsTask();
        foreach (var b in bytes)
            await pipe.Writer.WriteAsync(new[] { b });
        var frame = await read.WaitAsync(Timeout);

        Assert.NotNull(frame);
        Assert.Equal(0x32, frame.Value.Header);
        Assert.Equal(bytes[2..], frame.Value.Body);
    }

    [Fact]
    public async Task Two_packets_in_one_write_are_read_as_two_frames_then_end_of_stream_as_null()
    {
        var pipe = new Pipe();
        var reader = new MqttFrameReader(pipe.Reader, 1024);
        await pipe.Writer.WriteAsync(Hex.Parse("C0 00 40 02 00 01"));
        await pipe.Writer.CompleteAsync();

        var first = await reader.ReadAsync(CancellationToken.None).AsTask().WaitAsync(Timeout);
        var second = await reader.ReadAsync(CancellationToken.None).AsTask().WaitAsync(Timeout);
        var end = await reader.ReadAsync(CancellationToken.None).AsTask().WaitAsync(Timeout);

        Assert.Equal(0xC0, first!.Value.Header);
        Assert.Equal(0x40, second!.Value.Header);
        Assert.Null(end);
    }

    [Fact]
    public async Task A_packet_larger_than_the_maximum_is_rejected_from_its_header_alone()
    {
        var pipe = new Pipe();
        var reader = new MqttFrameReader(pipe.Reader, 100);
        await pipe.Writer.WriteAsync(Hex.Parse("30 FF 7F")); // announces 16,383 bytes, sends none

        var ex = await Assert.ThrowsAsync<MqttProtocolException>(() => reader.ReadAsync(CancellationToken.None).AsTask().WaitAsync(Timeout));
        Assert.Equal(MqttReasonCode.PacketTooLarge, ex.ReasonCode);
    }

    [Fact]
    public async Task A_five_byte_remaining_length_is_malformed()
    {
        var pipe = new Pipe();
        var reader = new MqttFrameReader(pipe.Reader, 1024);
        await pipe.Writer.WriteAsync(Hex.Parse("30 80 80 80 80 01"));

        var ex = await Assert.ThrowsAsync<MqttProtocolException>(() => reader.ReadAsync(CancellationToken.None).AsTask().WaitAsync(Timeout));
        Assert.Equal(MqttReasonCode.MalformedPacket, ex.ReasonCode);
    }

    [Fact]
    public async Task A_stream_that_ends_inside_a_packet_is_malformed()
    {
        var pipe = new Pipe();
        var reader = new MqttFrameReader(pipe.Reader, 1024);
        await pipe.Writer.WriteAsync(Hex.Parse("30 05 00 01"));
        await pipe.Writer.CompleteAsync();

        var ex = await Assert.ThrowsAsync<MqttProtocolException>(() => reader.ReadAsync(CancellationToken.None).AsTask().WaitAsync(Timeout));
        Assert.Equal(MqttReasonCode.MalformedPacket, ex.ReasonCode);
    }
}
