using PluginRuntime.Mqtt.Packets;
using PluginRuntime.Mqtt.Tests.Support;

namespace PluginRuntime.Mqtt.Tests.Broker;

/// <summary>Broker behaviour pinned at the packet level with a scripted peer.</summary>
public sealed class BrokerProtocolTests
{
    private static ConnectPacket Connect(string clientId, MqttProtocolVersion version = MqttProtocolVersion.V500, bool clean = true, ushort keepAlive = 0) =>
        new() { ProtocolVersion = version, ClientId = clientId, CleanStart = clean, KeepAliveSeconds = keepAlive };

    private static PublishPacket Publish(string topic, string payload, MqttQualityOfService qos = MqttQualityOfService.AtMostOnce, ushort id = 0, bool retain = false) =>
        new() { Topic = topic, Payload = Some.Bytes(payload), QualityOfService = qos, PacketIdentifier = id, Retain = retain };

    [Fact]
    public async Task A_resent_qos2_publish_is_acknowledged_again_but_delivered_only_once()
    {
        await using var broker = await BrokerFixture.StartAsync();
        var (sub, _) = await RawClient.ConnectAsync(broker.Port, Connect("sub"));
        await using var _sub = sub;
        await sub.SubscribeAsync("t", MqttQualityOfService.AtMostOnce);
        var (pub, _) = await RawClient.ConnectAsync(broker.Port, Connect("pub"));
        await using var _pub = pub;

        await pub.SendAsync(Publish("t", "once", MqttQualityOfService.ExactlyOnce, id: 9));
        Assert.Equal(9, (await pub.ExpectAsync<PubRecPacket>("first PUBREC")).PacketIdentifier);
        var resend = Publish("t", "once", MqttQualityOfService.ExactlyOnce, id: 9);
        resend.Dup = true;
        await pub.SendAsync(resend);
        Assert.Equal(9, (await pub.ExpectAsync<PubRecPacket>("PUBREC for the resend")).PacketIdentifier);
        await pub.SendAsync(new PubRelPacket { PacketIdentifier = 9 });
        Assert.Equal(MqttReasonCode.Success, (await pub.ExpectAsync<PubCompPacket>("PUBCOMP")).ReasonCode);
        await pub.SendAsync(Publish("t", "marker"));

        Assert.Equal("once", (await sub.ExpectAsync<PublishPacket>("the QoS 2 message")).ToApplicationMessage().PayloadAsString());
        Assert.Equal("marker", (await sub.ExpectAsync<PublishPacket>("the marker after it, with no duplicate in between")).ToApplicationMessage().PayloadAsString());
    }

    [Fact]
    public async Task Qos2_towards_a_subscriber_completes_with_pubrec_pubrel_pubcomp()
    {
        await using var broker = await BrokerFixture.StartAsync();
        var (sub, _) = await RawClient.ConnectAsync(broker.Port, Connect("sub"));
        await using var _sub = sub;
        await sub.SubscribeAsync("t", MqttQualityOfService.ExactlyOnce);

        await broker.Broker.PublishAsync(new MqttApplicationMessage { Topic = "t", Payload = Some.Bytes("x"), QualityOfService = MqttQualityOfService.ExactlyOnce });
        var publish = await sub.ExpectAsync<PublishPacket>("QoS 2 PUBLISH");
        Assert.Equal(MqttQualityOfService.ExactlyOnce, publish.QualityOfService);
        await sub.SendAsync(new PubRecPacket { PacketIdentifier = publish.PacketIdentifier });
        var rel = await sub.ExpectAsync<PubRelPacket>("PUBREL");
        Assert.Equal(publish.PacketIdentifier, rel.PacketIdentifier);
        Assert.Equal(MqttReasonCode.Success, rel.ReasonCode);
        await sub.SendAsync(new PubCompPacket { PacketIdentifier = publish.PacketIdentifier });
        await sub.SendAsync(PingReqPacket.Instance);
        await sub.ExpectAsync<PingRespPacket>("PINGRESP after the completed flow (no resend in between)");
    }

    [Fact]
    public async Task A_pubrec_with_an_error_code_ends_the_flow_and_frees_the_slot()
    {
        await using var broker = await BrokerFixture.StartAsync();
        var connect = Connect("refuser");
        connect.ReceiveMaximum = 1;
        var (sub, _) = await RawClient.ConnectAsync(broker.Port, connect);
        await using var _sub = sub;
        await sub.SubscribeAsync("t", MqttQualityOfService.ExactlyOnce);

        await broker.Broker.PublishAsync(new MqttApplicationMessage { Topic = "t", Payload = Some.Bytes("1"), QualityOfService = MqttQualityOfService.ExactlyOnce });
        await broker.Broker.PublishAsync(new MqttApplicationMessage { Topic = "t", Payload = Some.Bytes("2"), QualityOfService = MqttQualityOfService.ExactlyOnce });
        var first = await sub.ExpectAsync<PublishPacket>("the first QoS 2 message");
        await sub.SendAsync(new PubRecPacket { PacketIdentifier = first.PacketIdentifier, ReasonCode = MqttReasonCode.ImplementationSpecificError });

        var second = await sub.ExpectAsync<PublishPacket>("the second message once the refused one released its slot (no PUBREL)");
        Assert.Equal("2", second.ToApplicationMessage().PayloadAsString());
    }

    [Fact]
    public async Task A_client_silent_for_one_and_a_half_keepalives_is_disconnected_with_keepalive_timeout()
    {
        await using var broker = await BrokerFixture.StartAsync();
        var (client, _) = await RawClient.ConnectAsync(broker.Port, Connect("sleepy", keepAlive: 1));
        await using var _c = client;

        var started = DateTime.UtcNow;
        var seen = await client.ExpectClosedAsync("the broker to drop the silent client", TimeSpan.FromSeconds(5));

        Assert.Equal(MqttReasonCode.KeepAliveTimeout, Assert.IsType<DisconnectPacket>(Assert.Single(seen)).ReasonCode);
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromSeconds(1.4), "closed before 1.5 x keepalive");
    }

    [Fact]
    public async Task A_second_connection_with_the_same_client_id_takes_over_the_first()
    {
        await using var broker = await BrokerFixture.StartAsync();
        var (first, _) = await RawClient.ConnectAsync(broker.Port, Connect("same", clean: false));
        await using var _f = first;
        await first.SubscribeAsync("keep/#");

        var (second, ack) = await RawClient.ConnectAsync(broker.Port, Connect("same", clean: false));
        await using var _s = second;

        var seen = await first.ExpectClosedAsync("the first connection to be taken over");
        Assert.Equal(MqttReasonCode.SessionTakenOver, Assert.IsType<DisconnectPacket>(Assert.Single(seen)).ReasonCode);
        Assert.True(ack.SessionPresent);
        await broker.Broker.PublishAsync(new MqttApplicationMessage { Topic = "keep/1", Payload = Some.Bytes("still subscribed") });
        Assert.Equal("keep/1", (await second.ExpectAsync<PublishPacket>("a message via the inherited subscription")).Topic);
    }

    [Fact]
    public async Task Clean_start_discards_the_previous_session()
    {
        await using var broker = await BrokerFixture.StartAsync();
        var (first, _) = await RawClient.ConnectAsync(broker.Port, Connect("c", clean: false, version: MqttProtocolVersion.V311));
        await first.SubscribeAsync("x");
        await first.SendAsync(new DisconnectPacket());
        await first.ExpectClosedAsync("the broker to close after DISCONNECT");
        await first.DisposeAsync();

        var (second, ack) = await RawClient.ConnectAsync(broker.Port, Connect("c", clean: true, version: MqttProtocolVersion.V311));
        await using var _s = second;

        Assert.False(ack.SessionPresent);
    }

    [Fact]
    public async Task Subscriptions_of_ended_sessions_leave_the_routing_index()
    {
        await using var broker = await BrokerFixture.StartAsync();
        var (clean, _) = await RawClient.ConnectAsync(broker.Port, Connect("clean", MqttProtocolVersion.V311));
        await clean.SubscribeAsync("a/#");
        var (durable, _) = await RawClient.ConnectAsync(broker.Port, Connect("durable", MqttProtocolVersion.V311, clean: false));
        await durable.SubscribeAsync("b/#");
        Assert.Equal(2, broker.Broker.SubscriptionCount);

        await clean.SendAsync(new DisconnectPacket());
        await clean.ExpectClosedAsync("the clean session's connection to close");
        Assert.Equal(1, broker.Broker.SubscriptionCount);

        var (restart, _) = await RawClient.ConnectAsync(broker.Port, Connect("durable", MqttProtocolVersion.V311, clean: true));
        await durable.ExpectClosedAsync("the durable connection to be taken over");
        Assert.Equal(0, broker.Broker.SubscriptionCount);
        await clean.DisposeAsync();
        await durable.DisposeAsync();
        await restart.DisposeAsync();
    }

    [Fact]
    public async Task A_v5_session_expires_after_its_interval_and_then_is_not_present()
    {
        var time = new ManualTimeProvider();
        await using var broker = await BrokerFixture.StartAsync(o => o.TimeProvider = time);
        var connect = Connect("expiring", clean: true);
        connect.SessionExpiryInterval = 30;
        var (first, _) = await RawClient.ConnectAsync(broker.Port, connect);
        first.Abort();

        await time.WaitForTimerAsync(TimeSpan.FromSeconds(30), "the broker to schedule the session expiry");
        Assert.True(broker.Broker.HasSession("expiring"), "expired before its interval");
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.False(broker.Broker.HasSession("expiring"), "still present after its interval");

        var (second, ack) = await RawClient.ConnectAsync(broker.Port, Connect("expiring", clean: false));
        await using var _s = second;
        Assert.False(ack.SessionPresent);
    }

    [Fact]
    public async Task A_v5_will_with_a_delay_is_published_after_the_delay_but_not_if_the_client_returns_first()
    {
        var time = new ManualTimeProvider();
        await using var broker = await BrokerFixture.StartAsync(o => o.TimeProvider = time);
        var (watcher, _) = await RawClient.ConnectAsync(broker.Port, Connect("watcher"));
        await using var _w = watcher;
        await watcher.SubscribeAsync("will/#");

        ConnectPacket WithWill(string id, string topic) => new()
        {
            ClientId = id,
            CleanStart = false,
            SessionExpiryInterval = 60,
            Will = new MqttApplicationMessage { Topic = topic, Payload = Some.Bytes("gone") },
            WillDelayInterval = 5,
        };

        var (returning, _) = await RawClient.ConnectAsync(broker.Port, WithWill("returning", "will/returning"));
        returning.Abort();
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(5), "the will delay of the returning client");
        var (back, _) = await RawClient.ConnectAsync(broker.Port, Connect("returning", clean: false));
        await using var _b = back;

        var (leaving, _) = await RawClient.ConnectAsync(broker.Port, WithWill("leaving", "will/leaving"));
        leaving.Abort();
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(5), "the will delay of the leaving client");
        await broker.Broker.PublishAsync(new MqttApplicationMessage { Topic = "will/marker", Payload = Some.Bytes("m") });
        Assert.Equal("will/marker", (await watcher.ExpectAsync<PublishPacket>("the marker, before any will")).Topic);

        time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal("will/leaving", (await watcher.ExpectAsync<PublishPacket>("the delayed will of the client that stayed away")).Topic);
        await broker.Broker.PublishAsync(new MqttApplicationMessage { Topic = "will/marker", Payload = Some.Bytes("m") });
        Assert.Equal("will/marker", (await watcher.ExpectAsync<PublishPacket>("a marker, with no will of the returned client before it")).Topic);
    }

    [Fact]
    public async Task A_normal_disconnect_suppresses_the_will()
    {
        await using var broker = await BrokerFixture.StartAsync();
        var (watcher, _) = await RawClient.ConnectAsync(broker.Port, Connect("watcher", MqttProtocolVersion.V311));
        await using var _w = watcher;
        await watcher.SubscribeAsync("#", MqttQualityOfService.AtMostOnce);
        var connect = Connect("polite", MqttProtocolVersion.V311);
        connect.Will = new MqttApplicationMessage { Topic = "will/polite", Payload = Some.Bytes("gone") };
        var (polite, _) = await RawClient.ConnectAsync(broker.Port, connect);

        await polite.SendAsync(new DisconnectPacket());
        await polite.ExpectClosedAsync("the broker to close the politely disconnected client");
        await broker.Broker.PublishAsync(new MqttApplicationMessage { Topic = "marker", Payload = Some.Bytes("m") });

        Assert.Equal("marker", (await watcher.ExpectAsync<PublishPacket>("the marker, with no will before it")).Topic);
    }

    [Fact]
    public async Task An_offline_session_keeps_only_the_newest_messages_up_to_its_bound()
    {
        await using var broker = await BrokerFixture.StartAsync(o => o.MaxQueuedMessagesPerSession = 3);
        var (client, _) = await RawClient.ConnectAsync(broker.Port, Connect("bounded", MqttProtocolVersion.V311, clean: false));
        await client.SubscribeAsync("q");
        await client.SendAsync(new DisconnectPacket());
        await client.ExpectClosedAsync("the broker to close after DISCONNECT");
        await client.DisposeAsync();

        for (var i = 1; i <= 10; i++)
            await broker.Broker.PublishAsync(new MqttApplicationMessage { Topic = "q", Payload = Some.Bytes(i.ToString(System.Globalization.CultureInfo.InvariantCulture)), QualityOfService = MqttQualityOfService.AtLeastOnce });
        Assert.Equal(3, broker.Broker.QueuedMessageCount("bounded"));

        var (back, ack) = await RawClient.ConnectAsync(broker.Port, Connect("bounded", MqttProtocolVersion.V311, clean: false));
        await using var _b = back;
        Assert.True(ack.SessionPresent);
        var payloads = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var p = await back.ExpectAsync<PublishPacket>($"queued message {i + 1} of 3");
            payloads.Add(p.ToApplicationMessage().PayloadAsString());
            await back.SendAsync(new PubAckPacket { PacketIdentifier = p.PacketIdentifier });
        }
        Assert.Equal(["8", "9", "10"], payloads);
    }

    [Fact]
    public async Task No_local_retain_as_published_and_retain_handling_follow_the_subscription_options()
    {
        await using var broker = await BrokerFixture.StartAsync();
        await broker.Broker.PublishAsync(new MqttApplicationMessage { Topic = "r/1", Payload = Some.Bytes("kept"), Retain = true });
        var (client, _) = await RawClient.ConnectAsync(broker.Port, Connect("opts"));
        await using var _c = client;

        await client.SendAsync(new SubscribePacket
        {
            PacketIdentifier = 1,
            Filters =
            [
                new MqttTopicFilter { Filter = "own/#", NoLocal = true },
                new MqttTopicFilter { Filter = "r/#", RetainAsPublished = true, RetainHandling = MqttRetainHandling.DoNotSend },
            ],
        });
        await client.ExpectAsync<SubAckPacket>("SUBACK");
        await client.SendAsync(Publish("own/echo", "not for me"));
        await client.SendAsync(Publish("r/2", "live", retain: true));

        var live = await client.ExpectAsync<PublishPacket>("the live retained publish (the stored one is not sent, the own one is not echoed)");
        Assert.Equal("r/2", live.Topic);
        Assert.True(live.Retain, "retain-as-published keeps the flag");

        await client.SendAsync(new SubscribePacket { PacketIdentifier = 2, Filters = [new MqttTopicFilter { Filter = "r/#", RetainHandling = MqttRetainHandling.SendAtSubscribeIfNew }] });
        await client.ExpectAsync<SubAckPacket>("SUBACK for the repeated subscription");
        await client.SendAsync(new SubscribePacket { PacketIdentifier = 3, Filters = [new MqttTopicFilter { Filter = "r/1" }] });
        await client.ExpectAsync<SubAckPacket>("SUBACK for r/1");
        var retained = await client.ExpectAsync<PublishPacket>("the retained message for the new r/1 subscription only");
        Assert.Equal(("r/1", true), (retained.Topic, retained.Retain));
    }

    [Fact]
    public async Task A_shared_subscription_delivers_each_message_to_one_member_of_the_group()
    {
        await using var broker = await BrokerFixture.StartAsync();
        var (a, _) = await RawClient.ConnectAsync(broker.Port, Connect("a"));
        var (b, _) = await RawClient.ConnectAsync(broker.Port, Connect("b"));
        await using var _a = a;
        await using var _b = b;
        await a.SubscribeAsync("$share/workers/jobs/+", MqttQualityOfService.AtMostOnce);
        await b.SubscribeAsync("$share/workers/jobs/+", MqttQualityOfService.AtMostOnce);

        for (var i = 0; i < 4; i++)
            await broker.Broker.PublishAsync(new MqttApplicationMessage { Topic = "jobs/" + i, Payload = Some.Bytes("j") });

        var toA = new[] { await a.ExpectAsync<PublishPacket>("job for a"), await a.ExpectAsync<PublishPacket>("second job for a") };
        var toB = new[] { await b.ExpectAsync<PublishPacket>("job for b"), await b.ExpectAsync<PublishPacket>("second job for b") };
        Assert.Equal(["jobs/0", "jobs/1", "jobs/2", "jobs/3"], toA.Concat(toB).Select(p => p.Topic).Order());
    }

    [Fact]
    public async Task A_v5_client_can_publish_through_a_topic_alias()
    {
        await using var broker = await BrokerFixture.StartAsync();
        var (client, ack) = await RawClient.ConnectAsync(broker.Port, Connect("alias"));
        await using var _c = client;
        Assert.True(ack.TopicAliasMaximum > 0);
        await client.SubscribeAsync("long/topic/name", MqttQualityOfService.AtMostOnce);

        var first = Publish("long/topic/name", "1");
        first.TopicAlias = 1;
        var second = Publish("", "2");
        second.TopicAlias = 1;
        await client.SendAsync(first);
        await client.SendAsync(second);

        Assert.Equal("long/topic/name", (await client.ExpectAsync<PublishPacket>("the message that set the alias")).Topic);
        Assert.Equal("long/topic/name", (await client.ExpectAsync<PublishPacket>("the message that used the alias")).Topic);
    }

    [Fact]
    public async Task An_undefined_topic_alias_disconnects_a_v5_client_with_protocol_error()
    {
        await using var broker = await BrokerFixture.StartAsync();
        var (client, _) = await RawClient.ConnectAsync(broker.Port, Connect("bad-alias"));
        await using var _c = client;
        var publish = Publish("", "x");
        publish.TopicAlias = 5;

        await client.SendAsync(publish);

        var seen = await client.ExpectClosedAsync("the broker to reject the unknown alias");
        Assert.Equal(MqttReasonCode.ProtocolError, Assert.IsType<DisconnectPacket>(Assert.Single(seen)).ReasonCode);
    }

    [Theory]
    [InlineData("30 06 00 03 61 2F 23 00", MqttReasonCode.TopicNameInvalid)]
    [InlineData("36 05 00 01 61 00 01", MqttReasonCode.MalformedPacket)]
    [InlineData("30 08 00 01 61 04 01 00 01 00", MqttReasonCode.ProtocolError)]
    [InlineData("32 05 00 01 61 00 00", MqttReasonCode.ProtocolError)]
    public async Task A_malformed_packet_gets_a_v5_disconnect_carrying_the_reason_code(string hex, MqttReasonCode expected)
    {
        await using var broker = await BrokerFixture.StartAsync();
        var (client, _) = await RawClient.ConnectAsync(broker.Port, Connect("bad"));
        await using var _c = client;

        await client.SendBytesAsync(Hex.Parse(hex));

        var seen = await client.ExpectClosedAsync("the broker to reject the malformed packet");
        Assert.Equal(expected, Assert.IsType<DisconnectPacket>(Assert.Single(seen)).ReasonCode);
    }

    [Fact]
    public async Task An_unsupported_protocol_level_is_refused_with_the_v311_connack_code()
    {
        await using var broker = await BrokerFixture.StartAsync();
        await using var client = await RawClient.OpenAsync(broker.Port, MqttProtocolVersion.V311);

        await client.SendBytesAsync(Hex.Parse("10 0D 00 04 4D 51 54 54 03 02 00 3C 00 01 78"));

        var ack = await client.ExpectAsync<ConnAckPacket>("the refusing CONNACK");
        Assert.Equal(MqttReasonCode.UnsupportedProtocolVersion, ack.ReasonCode);
    }

    [Fact]
    public async Task A_v5_client_exceeding_the_advertised_receive_maximum_is_disconnected()
    {
        await using var broker = await BrokerFixture.StartAsync();
        var (client, ack) = await RawClient.ConnectAsync(broker.Port, Connect("greedy"));
        await using var _c = client;
        var limit = ack.ReceiveMaximum!.Value;

        for (var id = 1; id <= limit; id++)
        {
            await client.SendAsync(Publish("t", "x", MqttQualityOfService.ExactlyOnce, id: (ushort)id));
            await client.ExpectAsync<PubRecPacket>($"PUBREC {id} of {limit}");
        }
        await client.SendAsync(Publish("t", "x", MqttQualityOfService.ExactlyOnce, id: (ushort)(limit + 1)));

        var seen = await client.ExpectClosedAsync("the broker to enforce its receive maximum");
        Assert.Equal(MqttReasonCode.ReceiveMaximumExceeded, Assert.IsType<DisconnectPacket>(Assert.Single(seen)).ReasonCode);
    }

    [Fact]
    public async Task An_empty_v5_client_id_gets_an_assigned_identifier()
    {
        await using var broker = await BrokerFixture.StartAsync();
        var (client, ack) = await RawClient.ConnectAsync(broker.Port, Connect(""));
        await using var _c = client;

        Assert.False(string.IsNullOrEmpty(ack.AssignedClientIdentifier));
    }
}
