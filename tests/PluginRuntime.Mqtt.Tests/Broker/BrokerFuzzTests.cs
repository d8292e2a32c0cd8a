using System.Net;
using System.Net.Sockets;
using PluginRuntime.Mqtt.Formatter;
using PluginRuntime.Mqtt.Packets;
using PluginRuntime.Mqtt.Tests.Support;

namespace PluginRuntime.Mqtt.Tests.Broker;

public sealed class BrokerFuzzTests
{
    [Fact]
    public async Task Random_and_truncated_packets_from_many_connections_never_disturb_a_connected_subscriber()
    {
        await using var broker = await BrokerFixture.StartAsync(o => o.ConnectTimeout = TimeSpan.FromSeconds(2));
        var (subscriber, _) = await RawClient.ConnectAsync(broker.Port, new ConnectPacket { ClientId = "survivor" });
        await using var _s = subscriber;
        await subscriber.SubscribeAsync("alive/#", MqttQualityOfService.AtLeastOnce);
        var (publisher, _) = await RawClient.ConnectAsync(broker.Port, new ConnectPacket { ProtocolVersion = MqttProtocolVersion.V311, ClientId = "steady" });
        await using var _p = publisher;

        var random = new Random(20261122);
        const int Rounds = 40;
        const int ConnectionsPerRound = 10;
        for (var round = 0; round < Rounds; round++)
        {
            var inputs = Enumerable.Range(0, ConnectionsPerRound).Select(_ => NextInput(random)).ToList();
            await Within.Await(Task.WhenAll(inputs.Select(bytes => SendAndDropAsync(broker.Port, bytes))), $"fuzz round {round} to be sent");

            // Both the in-process API and a well-behaved TCP publisher must still reach the subscriber.
            var id = (ushort)(round + 1);
            await publisher.SendAsync(new PublishPacket { Topic = "alive/tcp", Payload = Some.Bytes($"tcp-{round}"), QualityOfService = MqttQualityOfService.AtLeastOnce, PacketIdentifier = id });
            Assert.Equal(id, (await publisher.ExpectAsync<PubAckPacket>($"PUBACK in round {round}")).PacketIdentifier);
            await broker.Broker.PublishAsync(new MqttApplicationMessage { Topic = "alive/host", Payload = Some.Bytes($"host-{round}"), QualityOfService = MqttQualityOfService.AtLeastOnce });

            foreach (var expected in new[] { $"tcp-{round}", $"host-{round}" })
            {
                var message = await subscriber.ExpectAsync<PublishPacket>($"'{expected}' at the subscriber");
                Assert.Equal(expected, message.ToApplicationMessage().PayloadAsString());
                await subscriber.SendAsync(new PubAckPacket { PacketIdentifier = message.PacketIdentifier });
            }
        }
    }

    private static byte[] NextInput(Random random)
    {
        var version = random.Next(2) == 0 ? MqttProtocolVersion.V311 : MqttProtocolVersion.V500;
        var formatter = MqttPacketFormatter.For(version);
        var connect = formatter.Encode(new ConnectPacket { ProtocolVersion = version, ClientId = "fuzz-" + random.Next(5) });
        switch (random.Next(6))
        {
            case 0:
                return RandomBytes(random, random.Next(0, 300));
            case 1:
                return [.. connect, .. RandomBytes(random, random.Next(1, 300))];
            case 2:
            {
                // A valid packet cut short: the broker must wait or reject, never misbehave.
                var packets = Some.PacketsFor(version).ToList();
                var bytes = formatter.Encode(packets[random.Next(packets.Count)]);
                return [.. connect, .. bytes.AsSpan(0, random.Next(1, bytes.Length))];
            }
            case 3:
            {
                // A valid packet with one corrupted byte.
                var packets = Some.PacketsFor(version).Where(p => p is not ConnectPacket).ToList();
                var bytes = formatter.Encode(packets[random.Next(packets.Count)]);
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                return [.. connect, .. bytes];
            }
            case 4:
                // A header announcing an enormous body.
                return [.. connect, 0x30, 0xFF, 0xFF, 0xFF, 0x7F, .. RandomBytes(random, 20)];
            default:
            {
                var bytes = (byte[])connect.Clone();
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                return bytes;
            }
        }
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static async Task SendAndDropAsync(int port, byte[] bytes)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        try
        {
            await tcp.GetStream().WriteAsync(bytes);
        }
        catch (IOException)
        {
            // The broker may already have rejected the first bytes and closed.
        }
    }
}
