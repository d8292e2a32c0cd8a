using PluginRuntime.Mqtt.Client;
using PluginRuntime.Mqtt.Packets;
using PluginRuntime.Mqtt.Tests.Support;

namespace PluginRuntime.Mqtt.Tests.Client;

public sealed class ClientBehaviourTests
{
    private static MqttClientOptions Options(int port, MqttProtocolVersion version = MqttProtocolVersion.V500, string clientId = "c") => new()
    {
        Host = "127.0.0.1",
        Port = port,
        ProtocolVersion = version,
        ClientId = clientId,
        KeepAlive = TimeSpan.Zero,
        ReconnectDelayMin = TimeSpan.FromMilliseconds(20),
        ReconnectDelayMax = TimeSpan.FromMilliseconds(100),
    };

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task The_client_and_our_broker_exchange_qos2_messages(MqttProtocolVersion version)
    {
        await using var broker = await BrokerFixture.StartAsync();
        await using var client = new MqttClient(Options(broker.Port, version));
        var received = new Signal<MqttApplicationMessage>();
        client.MessageReceived += (_, e) => received.Add(e.Message);
        await Within.Await(client.ConnectAsync(), "connect");
        await Within.Await(client.SubscribeAsync("a/#", MqttQualityOfService.ExactlyOnce), "SUBACK");

        await Within.Await(client.PublishAsync(new MqttApplicationMessage { Topic = "a/b", Payload = Some.Bytes("from client"), QualityOfService = MqttQualityOfService.ExactlyOnce }), "PUBCOMP");
        await broker.Broker.PublishAsync(new MqttApplicationMessage { Topic = "a/c", Payload = Some.Bytes("from host"), QualityOfService = MqttQualityOfService.ExactlyOnce });

        var first = await received.NextAsync("the client's own message back");
        var second = await received.NextAsync("the host's message");
        Assert.Equal(("a/b", MqttQualityOfService.ExactlyOnce), (first.Topic, first.QualityOfService));
        Assert.Equal(("a/c", "from host"), (second.Topic, second.PayloadAsString()));
    }

    [Fact]
    public async Task A_resumed_session_delivers_what_was_published_while_the_client_was_away()
    {
        await using var broker = await BrokerFixture.StartAsync();
        await using var proxy = new TcpProxy(broker.Port);
        var options = Options(proxy.Port, clientId: "durable");
        options.CleanStart = false;
        options.SessionExpiryInterval = 300;
        await using var client = new MqttClient(options);
        var received = new Signal<MqttApplicationMessage>();
        var connected = new Signal<bool>();
        var disconnected = new Signal<bool>();
        client.MessageReceived += (_, e) => received.Add(e.Message);
        client.Connected += (_, _) => connected.Add(true);
        client.Disconnected += (_, _) => disconnected.Add(true);
        await Within.Await(client.ConnectAsync(), "connect");
        await connected.NextAsync("the first Connected event");
        await Within.Await(client.SubscribeAsync("news", MqttQualityOfService.AtLeastOnce), "SUBACK");

        proxy.Accepting = false;
        proxy.DropAll();
        await disconnected.NextAsync("the client to notice the drop");
        await broker.Broker.PublishAsync(new MqttApplicationMessage { Topic = "news", Payload = Some.Bytes("while away"), QualityOfService = MqttQualityOfService.AtLeastOnce });
        proxy.Accepting = true;

        await connected.NextAsync("the automatic reconnect");
        Assert.Equal("while away", (await received.NextAsync("the message kept by the session")).PayloadAsString());
    }

    [Fact]
    public async Task The_client_pings_within_its_keepalive_and_reconnects_when_pings_go_unanswered()
    {
        await using var server = new ScriptedServer();
        var options = Options(server.Port);
        options.KeepAlive = TimeSpan.FromSeconds(1);
        await using var client = new MqttClient(options);
        var connecting = client.ConnectAsync();
        var (peer, connect) = await server.AcceptAsync(MqttProtocolVersion.V500);
        await Within.Await(connecting, "ConnectAsync to finish");
        Assert.Equal(1, connect.KeepAliveSeconds);

        await peer.ExpectAsync<PingReqPacket>("a PINGREQ within the keepalive", TimeSpan.FromSeconds(1.5));
        await peer.SendAsync(PingRespPacket.Instance);
        await peer.ExpectAsync<PingReqPacket>("a second PINGREQ", TimeSpan.FromSeconds(1.5));

        // No PINGRESP this time: the client must give up on the connection and dial again.
        await server.AcceptAsync(MqttProtocolVersion.V500, waitingFor: "the client to reconnect after the unanswered PINGREQ");
    }

    [Fact]
    public async Task A_resent_qos2_publish_reaches_the_application_once()
    {
        await using var server = new ScriptedServer();
        await using var client = new MqttClient(Options(server.Port));
        var received = new Signal<MqttApplicationMessage>();
        client.MessageReceived += (_, e) => received.Add(e.Message);
        var connecting = client.ConnectAsync();
        var (peer, _) = await server.AcceptAsync(MqttProtocolVersion.V500);
        await Within.Await(connecting, "ConnectAsync to finish");

        var publish = new PublishPacket { Topic = "t", Payload = Some.Bytes("once"), QualityOfService = MqttQualityOfService.ExactlyOnce, PacketIdentifier = 5 };
        await peer.SendAsync(publish);
        await peer.ExpectAsync<PubRecPacket>("the first PUBREC");
        publish.Dup = true;
        await peer.SendAsync(publish);
        await peer.ExpectAsync<PubRecPacket>("the PUBREC for the resend");
        await peer.SendAsync(new PubRelPacket { PacketIdentifier = 5 });
        await peer.ExpectAsync<PubCompPacket>("PUBCOMP");
        await peer.SendAsync(new PublishPacket { Topic = "t", Payload = Some.Bytes("next") });

        Assert.Equal("once", (await received.NextAsync("the QoS 2 message")).PayloadAsString());
        Assert.Equal("next", (await received.NextAsync("the following message, with no duplicate before it")).PayloadAsString());
    }

    [Fact]
    public async Task An_unacknowledged_qos1_publish_is_resent_with_dup_when_the_session_resumes()
    {
        await using var server = new ScriptedServer();
        await using var client = new MqttClient(Options(server.Port));
        var connecting = client.ConnectAsync();
        var (first, _) = await server.AcceptAsync(MqttProtocolVersion.V500);
        await Within.Await(connecting, "ConnectAsync to finish");

        var publishing = client.PublishAsync(new MqttApplicationMessage { Topic = "t", Payload = Some.Bytes("x"), QualityOfService = MqttQualityOfService.AtLeastOnce });
        var original = await first.ExpectAsync<PublishPacket>("the original PUBLISH");
        Assert.False(original.Dup);
        first.Abort();

        var (second, reconnect) = await server.AcceptAsync(MqttProtocolVersion.V500, sessionPresent: true, waitingFor: "the reconnect");
        Assert.False(reconnect.CleanStart);
        var resent = await second.ExpectAsync<PublishPacket>("the resent PUBLISH");
        Assert.Equal((original.PacketIdentifier, true), (resent.PacketIdentifier, resent.Dup));
        await second.SendAsync(new PubAckPacket { PacketIdentifier = resent.PacketIdentifier });

        Assert.Equal(MqttReasonCode.Success, await Within.Await(publishing, "PublishAsync to complete on the PUBACK"));
    }

    [Fact]
    public async Task Garbage_from_the_broker_drops_the_connection_and_the_client_reconnects()
    {
        await using var server = new ScriptedServer();
        await using var client = new MqttClient(Options(server.Port));
        var connecting = client.ConnectAsync();
        var (peer, _) = await server.AcceptAsync(MqttProtocolVersion.V500);
        await Within.Await(connecting, "ConnectAsync to finish");

        await peer.SendBytesAsync(Hex.Parse("36 05 00 01 61 00 01")); // PUBLISH with QoS 3

        var seen = await peer.ExpectClosedAsync("the client to drop the connection");
        Assert.Equal(MqttReasonCode.MalformedPacket, Assert.IsType<DisconnectPacket>(Assert.Single(seen)).ReasonCode);
        var (_, again) = await server.AcceptAsync(MqttProtocolVersion.V500, waitingFor: "the client to reconnect");
        Assert.False(again.CleanStart);
    }

    [Fact]
    public async Task A_qos1_message_larger_than_the_broker_accepts_fails_with_packet_too_large_instead_of_hanging()
    {
        await using var server = new ScriptedServer();
        await using var client = new MqttClient(Options(server.Port));
        var connecting = client.ConnectAsync();
        var tcp = await server.AcceptAsync(MqttProtocolVersion.V500, maximumPacketSize: 100);
        await Within.Await(connecting, "ConnectAsync to finish");

        var result = await Within.Await(client.PublishAsync(new MqttApplicationMessage { Topic = "t", Payload = new byte[500], QualityOfService = MqttQualityOfService.AtLeastOnce }), "the oversize publish to fail");

        Assert.Equal(MqttReasonCode.PacketTooLarge, result);
        await client.PublishAsync(new MqttApplicationMessage { Topic = "t", Payload = Some.Bytes("fits"), QualityOfService = MqttQualityOfService.AtMostOnce });
        Assert.Equal("fits", (await tcp.Peer.ExpectAsync<PublishPacket>("the small message, with nothing oversize before it")).ToApplicationMessage().PayloadAsString());
    }

    [Fact]
    public async Task Invalid_options_are_rejected_before_connecting()
    {
        Assert.Throws<ArgumentException>(() => new MqttClient(new MqttClientOptions { Host = "" }));
        Assert.Throws<ArgumentException>(() => new MqttClient(new MqttClientOptions { Host = "h", ProtocolVersion = MqttProtocolVersion.V311, CleanStart = false }));
        await using var client = new MqttClient(new MqttClientOptions { Host = "127.0.0.1" });
        await Assert.ThrowsAsync<ArgumentException>(() => client.PublishAsync(new MqttApplicationMessage { Topic = "a/#" }));
    }
}
