using PluginRuntime.Mqtt.Client;
using PluginRuntime.Mqtt.Tests.Support;

namespace PluginRuntime.Mqtt.Tests.Interop;

/// <summary>Our client against a real mosquitto broker (Debian package mosquitto) started per test.</summary>
public sealed class ClientWithMosquittoBrokerTests
{
    private static MqttClientOptions Options(int port, MqttProtocolVersion version, string clientId) => new()
    {
        Host = "127.0.0.1",
        Port = port,
        ProtocolVersion = version,
        ClientId = clientId,
        ReconnectDelayMin = TimeSpan.FromMilliseconds(20),
        ReconnectDelayMax = TimeSpan.FromMilliseconds(200),
    };

    [Theory]
    [InlineData(MqttProtocolVersion.V311, MqttQualityOfService.AtMostOnce)]
    [InlineData(MqttProtocolVersion.V311, MqttQualityOfService.AtLeastOnce)]
    [InlineData(MqttProtocolVersion.V311, MqttQualityOfService.ExactlyOnce)]
    [InlineData(MqttProtocolVersion.V500, MqttQualityOfService.AtMostOnce)]
    [InlineData(MqttProtocolVersion.V500, MqttQualityOfService.AtLeastOnce)]
    [InlineData(MqttProtocolVersion.V500, MqttQualityOfService.ExactlyOnce)]
    public async Task The_client_publishes_and_receives_through_mosquitto_at_every_qos(MqttProtocolVersion version, MqttQualityOfService qos)
    {
        await using var mosquitto = await MosquittoBroker.StartAsync();
        await using var client = new MqttClient(Options(mosquitto.Port, version, "ours"));
        var received = new Signal<MqttApplicationMessage>();
        client.MessageReceived += (_, e) => received.Add(e.Message);
        await Within.Await(client.ConnectAsync(), "connect to mosquitto");

        Assert.Equal((MqttReasonCode)(byte)qos, await Within.Await(client.SubscribeAsync("placeos/+/state/#", qos), "SUBACK from mosquitto"));
        var result = await Within.Await(client.PublishAsync(new MqttApplicationMessage
        {
            Topic = "placeos/org/state/bld/power",
            Payload = Some.Bytes("{\"value\":1}"),
            QualityOfService = qos,
        }), "the publish acknowledgement from mosquitto");

        Assert.Equal(MqttReasonCode.Success, result);
        var message = await received.NextAsync("the message echoed back by mosquitto");
        Assert.Equal(("placeos/org/state/bld/power", "{\"value\":1}", qos), (message.Topic, message.PayloadAsString(), message.QualityOfService));
    }

    [Fact]
    public async Task Messages_reach_mosquitto_sub_and_mosquitto_pub_messages_reach_the_client()
    {
        await using var mosquitto = await MosquittoBroker.StartAsync();
        await using var sub = MosquittoClients.Subscribe(mosquitto.Port, MqttProtocolVersion.V500, 1, "-t", "to-sub");
        await MosquittoClients.WaitSubscribedAsync(sub);
        await using var client = new MqttClient(Options(mosquitto.Port, MqttProtocolVersion.V500, "ours"));
        var received = new Signal<MqttApplicationMessage>();
        client.MessageReceived += (_, e) => received.Add(e.Message);
        await Within.Await(client.ConnectAsync(), "connect to mosquitto");
        await Within.Await(client.SubscribeAsync("to-client", MqttQualityOfService.AtLeastOnce), "SUBACK");

        await Within.Await(client.PublishAsync(new MqttApplicationMessage { Topic = "to-sub", Payload = Some.Bytes("hello sub"), QualityOfService = MqttQualityOfService.AtLeastOnce }), "PUBACK");
        await MosquittoClients.PublishAsync(mosquitto.Port, MqttProtocolVersion.V311, "to-client", "hello client", qos: 1);

        Assert.Equal(["to-sub", "hello sub", "1", "0"], await MosquittoClients.NextMessageAsync(sub, "our message at mosquitto_sub"));
        Assert.Equal("hello client", (await received.NextAsync("mosquitto_pub's message at our client")).PayloadAsString());
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task Credentials_are_checked_by_mosquitto(MqttProtocolVersion version)
    {
        await using var mosquitto = await MosquittoBroker.StartAsync(("ops", "s3cret"));
        var wrong = Options(mosquitto.Port, version, "wrong");
        wrong.Username = "ops";
        wrong.Password = "nope";
        await using var refused = new MqttClient(wrong);

        var ex = await Assert.ThrowsAsync<MqttConnectionRefusedException>(() => Within.Await(refused.ConnectAsync(), "the refusing CONNACK"));
        Assert.Contains(ex.ReasonCode, new[] { MqttReasonCode.NotAuthorized, MqttReasonCode.BadUserNameOrPassword });

        var right = Options(mosquitto.Port, version, "right");
        right.Username = "ops";
        right.Password = "s3cret";
        await using var accepted = new MqttClient(right);
        await Within.Await(accepted.ConnectAsync(), "connect with the right password");
        Assert.True(accepted.IsConnected);
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task Messages_published_while_disconnected_are_delivered_in_order_after_the_automatic_reconnect(MqttProtocolVersion version)
    {
        await using var mosquitto = await MosquittoBroker.StartAsync();
        await using var proxy = new TcpProxy(mosquitto.Port);
        await using var sub = MosquittoClients.Subscribe(mosquitto.Port, MqttProtocolVersion.V500, 1, "-t", "ordered/#");
        await MosquittoClients.WaitSubscribedAsync(sub);
        var options = Options(proxy.Port, version, "reconnecting");
        options.MaxPendingMessages = 5;
        await using var client = new MqttClient(options);
        var disconnected = new Signal<bool>();
        var connected = new Signal<bool>();
        client.Disconnected += (_, _) => disconnected.Add(true);
        client.Connected += (_, _) => connected.Add(true);
        await Within.Await(client.ConnectAsync(), "first connect through the proxy");
        await connected.NextAsync("the first Connected event");

        proxy.Accepting = false;
        proxy.DropAll();
        await disconnected.NextAsync("the client to notice the dropped connection");
        var publishes = Enumerable.Range(1, 5).Select(i => client.PublishAsync(new MqttApplicationMessage
        {
            Topic = "ordered/" + i,
            Payload = Some.Bytes(i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            // One QoS for all: MQTT only promises ordering within a QoS level (4.6), and mosquitto forwards QoS 2 at PUBREL.
            QualityOfService = MqttQualityOfService.AtLeastOnce,
        })).ToList();
        var overflow = await Assert.ThrowsAsync<InvalidOperationException>(() => client.PublishAsync(new MqttApplicationMessage { Topic = "ordered/6", Payload = Some.Bytes("6") }));
        Assert.Contains("MaxPendingMessages", overflow.Message, StringComparison.Ordinal);
        Assert.All(publishes, p => Assert.False(p.IsCompleted));

        proxy.Accepting = true;
        await connected.NextAsync("the automatic reconnect");
        await Within.Await(Task.WhenAll(publishes), "all queued publishes to be acknowledged after reconnecting");

        for (var i = 1; i <= 5; i++)
        {
            var message = await MosquittoClients.NextMessageAsync(sub, $"queued message {i} at mosquitto_sub");
            Assert.Equal(("ordered/" + i, i.ToString(System.Globalization.CultureInfo.InvariantCulture)), (message[0], message[1]));
        }
    }

    [Fact]
    public async Task Messages_published_while_the_broker_restarts_are_delivered_once_it_is_back()
    {
        await using var mosquitto = await MosquittoBroker.StartAsync();
        var options = Options(mosquitto.Port, MqttProtocolVersion.V500, "through-a-restart");
        await using var client = new MqttClient(options);
        var disconnected = new Signal<bool>();
        var connected = new Signal<bool>();
        client.Disconnected += (_, _) => disconnected.Add(true);
        client.Connected += (_, _) => connected.Add(true);
        await Within.Await(client.ConnectAsync(), "the first connect");
        await connected.NextAsync("the first Connected event");

        var restart = mosquitto.RestartAsync();
        await disconnected.NextAsync("the client to notice mosquitto going away");
        // Retained, so a subscriber that arrives after the restart still sees what the client resent.
        var publishes = Enumerable.Range(1, 3).Select(i => client.PublishAsync(new MqttApplicationMessage
        {
            Topic = "restart/" + i,
            Payload = Some.Bytes(i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            QualityOfService = MqttQualityOfService.AtLeastOnce,
            Retain = true,
        })).ToList();
        await Within.Await(restart, "mosquitto to restart");
        await connected.NextAsync("the automatic reconnect to the restarted mosquitto");
        await Within.Await(Task.WhenAll(publishes), "the queued publishes to be acknowledged by the restarted mosquitto");

        await using var sub = MosquittoClients.Subscribe(mosquitto.Port, MqttProtocolVersion.V500, 1, "-t", "restart/#");
        var seen = new HashSet<string>();
        for (var i = 1; i <= 3; i++)
        {
            var message = await MosquittoClients.NextMessageAsync(sub, $"retained message {i} at mosquitto_sub");
            seen.Add(message[0] + "=" + message[1]);
        }
        Assert.Equal(["restart/1=1", "restart/2=2", "restart/3=3"], seen.Order());
    }

    [Fact]
    public async Task A_no_local_subscription_does_not_echo_the_clients_own_messages()
    {
        await using var mosquitto = await MosquittoBroker.StartAsync();
        await using var client = new MqttClient(Options(mosquitto.Port, MqttProtocolVersion.V500, "node-1"));
        var received = new Signal<MqttApplicationMessage>();
        client.MessageReceived += (_, e) => received.Add(e.Message);
        await Within.Await(client.ConnectAsync(), "connect to mosquitto");
        await Within.Await(client.SubscribeAsync(new MqttSubscription { Filter = "cluster/#", QualityOfService = MqttQualityOfService.AtLeastOnce, NoLocal = true }), "SUBACK");

        await Within.Await(client.PublishAsync(new MqttApplicationMessage { Topic = "cluster/state", Payload = Some.Bytes("mine"), QualityOfService = MqttQualityOfService.AtLeastOnce }), "PUBACK");
        await MosquittoClients.PublishAsync(mosquitto.Port, MqttProtocolVersion.V500, "cluster/state", "other node", qos: 1);

        Assert.Equal("other node", (await received.NextAsync("the other node's message, with our own not echoed")).PayloadAsString());
    }

    [Fact]
    public async Task The_will_of_our_client_is_published_by_mosquitto_when_the_connection_is_lost()
    {
        await using var mosquitto = await MosquittoBroker.StartAsync();
        await using var proxy = new TcpProxy(mosquitto.Port);
        await using var sub = MosquittoClients.Subscribe(mosquitto.Port, MqttProtocolVersion.V500, 1, "-t", "status/#");
        await MosquittoClients.WaitSubscribedAsync(sub);
        var options = Options(proxy.Port, MqttProtocolVersion.V500, "with-will");
        options.AutoReconnect = false;
        options.Will = new MqttApplicationMessage { Topic = "status/with-will", Payload = Some.Bytes("offline"), QualityOfService = MqttQualityOfService.AtLeastOnce };
        await using var client = new MqttClient(options);
        await Within.Await(client.ConnectAsync(), "connect through the proxy");

        proxy.DropAll();

        Assert.Equal(["status/with-will", "offline", "1", "0"], await MosquittoClients.NextMessageAsync(sub, "the will at mosquitto_sub"));
    }
}
