using PluginRuntime.Mqtt.Packets;
using PluginRuntime.Mqtt.Tests.Support;

namespace PluginRuntime.Mqtt.Tests.Broker;

/// <summary>Expiry, validation and resource bounds.</summary>
public sealed class BrokerLimitsTests
{
    private static MqttApplicationMessage Message(string topic, string payload, MqttQualityOfService qos = MqttQualityOfService.AtMostOnce, bool retain = false, uint? expiry = null) =>
        new() { Topic = topic, Payload = Some.Bytes(payload), QualityOfService = qos, Retain = retain, MessageExpiryInterval = expiry };

    [Fact]
    public async Task An_expired_retained_message_is_no_longer_sent_to_new_subscribers()
    {
        var time = new ManualTimeProvider();
        await using var broker = await BrokerFixture.StartAsync(o => o.TimeProvider = time);
        await broker.Broker.PublishAsync(Message("exp/short", "gone soon", retain: true, expiry: 10));
        await broker.Broker.PublishAsync(Message("exp/long", "stays", retain: true, expiry: 100));

        time.Advance(TimeSpan.FromSeconds(11));
        var (client, _) = await RawClient.ConnectAsync(broker.Port, new ConnectPacket { ClientId = "late" });
        await using var _c = client;
        await client.SubscribeAsync("exp/#", MqttQualityOfService.AtMostOnce);

        var only = await client.ExpectAsync<PublishPacket>("the one unexpired retained message");
        Assert.Equal(("exp/long", 89u), (only.Topic, only.MessageExpiryInterval));
        await client.SendAsync(PingReqPacket.Instance);
        await client.ExpectAsync<PingRespPacket>("PINGRESP, with no expired message before it");
    }

    [Fact]
    public async Task A_queued_message_is_forwarded_with_the_lifetime_it_has_left_or_dropped_when_expired()
    {
        var time = new ManualTimeProvider();
        await using var broker = await BrokerFixture.StartAsync(o => o.TimeProvider = time);
        var connect = new ConnectPacket { ClientId = "offline", CleanStart = false, SessionExpiryInterval = 1000 };
        var (client, _) = await RawClient.ConnectAsync(broker.Port, connect);
        await client.SubscribeAsync("q/#");
        await client.SendAsync(new DisconnectPacket());
        await client.ExpectClosedAsync("the broker to close after DISCONNECT");
        await client.DisposeAsync();

        await broker.Broker.PublishAsync(Message("q/short", "s", MqttQualityOfService.AtLeastOnce, expiry: 5));
        await broker.Broker.PublishAsync(Message("q/long", "l", MqttQualityOfService.AtLeastOnce, expiry: 60));
        time.Advance(TimeSpan.FromSeconds(20));

        var (back, ack) = await RawClient.ConnectAsync(broker.Port, new ConnectPacket { ClientId = "offline", CleanStart = false, SessionExpiryInterval = 1000 });
        await using var _b = back;
        Assert.True(ack.SessionPresent);
        var delivered = await back.ExpectAsync<PublishPacket>("the unexpired queued message");
        Assert.Equal(("q/long", 40u), (delivered.Topic, delivered.MessageExpiryInterval));
    }

    [Fact]
    public async Task A_payload_declared_utf8_that_is_not_is_refused_with_payload_format_invalid()
    {
        await using var broker = await BrokerFixture.StartAsync();
        var (client, _) = await RawClient.ConnectAsync(broker.Port, new ConnectPacket { ClientId = "pfi" });
        await using var _c = client;
        await client.SubscribeAsync("#", MqttQualityOfService.AtMostOnce);

        await client.SendAsync(new PublishPacket { Topic = "bad", Payload = new byte[] { 0xC0, 0x00 }, PayloadFormatIndicator = 1, QualityOfService = MqttQualityOfService.AtLeastOnce, PacketIdentifier = 3 });

        Assert.Equal(MqttReasonCode.PayloadFormatInvalid, (await client.ExpectAsync<PubAckPacket>("PUBACK refusing the payload")).ReasonCode);
        await client.SendAsync(new PublishPacket { Topic = "good", Payload = Some.Bytes("ok"), PayloadFormatIndicator = 1 });
        Assert.Equal("good", (await client.ExpectAsync<PublishPacket>("the valid message, with the refused one not forwarded")).Topic);
    }

    [Fact]
    public async Task A_message_larger_than_the_client_accepts_is_skipped_and_does_not_block_later_ones()
    {
        await using var broker = await BrokerFixture.StartAsync();
        var (client, _) = await RawClient.ConnectAsync(broker.Port, new ConnectPacket { ClientId = "small", MaximumPacketSize = 200, ReceiveMaximum = 1 });
        await using var _c = client;
        await client.SubscribeAsync("big/#");

        await broker.Broker.PublishAsync(Message("big/1", new string('x', 500), MqttQualityOfService.AtLeastOnce));
        await broker.Broker.PublishAsync(Message("big/2", "small", MqttQualityOfService.AtLeastOnce));

        // With Receive Maximum 1, big/2 can only arrive if the oversize big/1 was discarded rather than left in flight.
        Assert.Equal("big/2", (await client.ExpectAsync<PublishPacket>("the small message after the skipped big one")).Topic);
    }

    [Fact]
    public async Task A_subscriber_that_stops_reading_keeps_a_bounded_queue_and_does_not_slow_others()
    {
        await using var broker = await BrokerFixture.StartAsync(o => o.MaxQueuedMessagesPerSession = 50);
        var (stuck, _) = await RawClient.ConnectAsync(broker.Port, new ConnectPacket { ClientId = "stuck" });
        await using var _s = stuck;
        await stuck.SubscribeAsync("flood");
        var (healthy, _) = await RawClient.ConnectAsync(broker.Port, new ConnectPacket { ClientId = "healthy" });
        await using var _h = healthy;
        await healthy.SubscribeAsync("flood", MqttQualityOfService.AtLeastOnce);

        var payload = new string('p', 1000);
        for (var i = 0; i < 5000; i++)
            await broker.Broker.PublishAsync(Message("flood", payload, MqttQualityOfService.AtLeastOnce));

        Assert.InRange(broker.Broker.QueuedMessageCount("stuck"), 0, 50);
        // QoS 1 and drop-oldest: whatever was shed on the way, the newest message must get through.
        await broker.Broker.PublishAsync(Message("flood", "last", MqttQualityOfService.AtLeastOnce));
        string? last = null;
        while (last != "last")
        {
            var publish = await healthy.ExpectAsync<PublishPacket>("the healthy subscriber to reach the last message");
            await healthy.SendAsync(new PubAckPacket { PacketIdentifier = publish.PacketIdentifier });
            last = publish.ToApplicationMessage().PayloadAsString();
        }
    }
}
