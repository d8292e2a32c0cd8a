using System.IO.Pipelines;
using PluginRuntime.Mqtt.Channel;
using PluginRuntime.Mqtt.Formatter;
using PluginRuntime.Mqtt.Packets;
using PluginRuntime.Mqtt.Tests.Support;

namespace PluginRuntime.Mqtt.Tests.Channel;

public sealed class ConnectionTests
{
    [Fact]
    public async Task Queued_packets_are_written_in_order_and_a_final_packet_goes_out_before_the_close()
    {
        var wire = new Pipe();
        var inbound = new Pipe();
        var connection = new MqttConnection(new DuplexPipeStream(inbound.Reader, wire.Writer), 1024, 16) { Formatter = MqttPacketFormatter.V500 };
        connection.Start();
        var frames = new MqttFrameReader(wire.Reader, 1024);

        Assert.True(connection.TrySend(new PubAckPacket { PacketIdentifier = 1 }));
        Assert.True(connection.TrySend(new PubAckPacket { PacketIdentifier = 2 }));
        await Within.Await(connection.CloseAsync(new DisconnectPacket { ReasonCode = MqttReasonCode.ServerShuttingDown }), "the connection to close");

        var ids = new List<string>();
        while (await Within.Await(frames.ReadAsync(CancellationToken.None).AsTask(), "the next written packet") is { } frame)
        {
            var packet = MqttPacketFormatter.V500.Decode(frame.Header, frame.Body);
            ids.Add(packet is PubAckPacket ack ? "PUBACK " + ack.PacketIdentifier : packet.Type.ToString());
        }
        Assert.Equal(["PUBACK 1", "PUBACK 2", "Disconnect"], ids);
    }

    [Fact]
    public async Task Closing_from_many_threads_at_once_closes_exactly_once()
    {
        var wire = new Pipe();
        var inbound = new Pipe();
        var connection = new MqttConnection(new DuplexPipeStream(inbound.Reader, wire.Writer), 1024, 16) { Formatter = MqttPacketFormatter.V500 };
        connection.Start();

        var closes = Enumerable.Range(0, 8).Select(i => Task.Run(() => connection.CloseAsync(new DisconnectPacket()))).ToList();
        await Within.Await(Task.WhenAll(closes), "every CloseAsync call to return");

        Assert.True(connection.Closed.IsCompletedSuccessfully);
        Assert.False(connection.TrySend(PingReqPacket.Instance));
        var frames = new MqttFrameReader(wire.Reader, 1024);
        Assert.NotNull(await Within.Await(frames.ReadAsync(CancellationToken.None).AsTask(), "the single DISCONNECT"));
        Assert.Null(await Within.Await(frames.ReadAsync(CancellationToken.None).AsTask(), "end of stream after one DISCONNECT"));
    }

    [Fact]
    public async Task A_full_outbound_queue_refuses_instead_of_growing()
    {
        var wire = new Pipe(new PipeOptions(pauseWriterThreshold: 1, resumeWriterThreshold: 1));
        var inbound = new Pipe();
        var connection = new MqttConnection(new DuplexPipeStream(inbound.Reader, wire.Writer), 1024, 4) { Formatter = MqttPacketFormatter.V500 };
        connection.Start();

        // Nobody reads the wire, so the send loop stalls and the bounded queue fills up.
        var accepted = 0;
        for (var i = 0; i < 100; i++)
        {
            if (connection.TrySend(new PublishPacket { Topic = "t", Payload = new byte[100] }))
                accepted++;
        }

        Assert.InRange(accepted, 4, 6);
        await connection.DisposeAsync();
    }
}
