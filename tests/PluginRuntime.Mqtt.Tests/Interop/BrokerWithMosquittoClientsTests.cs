using PluginRuntime.Mqtt.Tests.Support;

namespace PluginRuntime.Mqtt.Tests.Interop;

/// <summary>Our broker against the real mosquitto_pub / mosquitto_sub (Debian package mosquitto-clients).</summary>
public sealed class BrokerWithMosquittoClientsTests
{
    [Theory]
    [InlineData(MqttProtocolVersion.V311, 0)]
    [InlineData(MqttProtocolVersion.V311, 1)]
    [InlineData(MqttProtocolVersion.V311, 2)]
    [InlineData(MqttProtocolVersion.V500, 0)]
    [InlineData(MqttProtocolVersion.V500, 1)]
    [InlineData(MqttProtocolVersion.V500, 2)]
    public async Task Mosquitto_sub_receives_what_mosquitto_pub_publishes_at_every_qos(MqttProtocolVersion version, int qos)
    {
        await using var broker = await BrokerFixture.StartAsync();
        await using var sub = MosquittoClients.Subscribe(broker.Port, version, qos, "-t", "placeos/org-1/state/#");
        await MosquittoClients.WaitSubscribedAsync(sub);

        await MosquittoClients.PublishAsync(broker.Port, version, "placeos/org-1/state/bld/_/_/sys-1/drv/mod/1/power", "{\"value\":true}", qos);

        var message = await MosquittoClients.NextMessageAsync(sub, "the published message at mosquitto_sub");
        Assert.Equal(["placeos/org-1/state/bld/_/_/sys-1/drv/mod/1/power", "{\"value\":true}", qos.ToString(System.Globalization.CultureInfo.InvariantCulture), "0"], message);
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task A_retained_message_reaches_a_later_subscriber_and_an_empty_retained_payload_clears_it(MqttProtocolVersion version)
    {
        await using var broker = await BrokerFixture.StartAsync();
        await MosquittoClients.PublishAsync(broker.Port, version, "meta/a", "first", qos: 1, retain: true);
        await MosquittoClients.PublishAsync(broker.Port, version, "meta/b", "second", qos: 1, retain: true);

        await using (var late = MosquittoClients.Subscribe(broker.Port, version, 1, "-t", "meta/a"))
        {
            var retained = await MosquittoClients.NextMessageAsync(late, "the retained message for meta/a");
            Assert.Equal(["meta/a", "first", "1", "1"], retained);
        }

        await MosquittoClients.PublishAsync(broker.Port, version, "meta/a", null, qos: 1, retain: true);

        // Only meta/b is still retained, so the first (and only) retained message under meta/# is meta/b.
        await using var after = MosquittoClients.Subscribe(broker.Port, version, 1, "-t", "meta/#");
        var remaining = await MosquittoClients.NextMessageAsync(after, "the remaining retained message");
        Assert.Equal(["meta/b", "second", "1", "1"], remaining);
    }

    [Fact]
    public async Task Wildcard_filters_match_by_level_and_never_match_dollar_topics()
    {
        await using var broker = await BrokerFixture.StartAsync();
        await using var sub = MosquittoClients.Subscribe(broker.Port, MqttProtocolVersion.V311, 0, "-t", "+/state/+/power", "-t", "#");
        await MosquittoClients.WaitSubscribedAsync(sub);

        await MosquittoClients.PublishAsync(broker.Port, MqttProtocolVersion.V311, "$SYS/hidden", "no");
        await MosquittoClients.PublishAsync(broker.Port, MqttProtocolVersion.V311, "org/state/x/power", "yes");

        var message = await MosquittoClients.NextMessageAsync(sub, "the message on org/state/x/power");
        Assert.Equal("org/state/x/power", message[0]);
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task The_will_of_a_killed_mosquitto_sub_is_published(MqttProtocolVersion version)
    {
        await using var broker = await BrokerFixture.StartAsync();
        await using var watcher = MosquittoClients.Subscribe(broker.Port, version, 1, "-t", "status/#");
        await MosquittoClients.WaitSubscribedAsync(watcher);
        await using var doomed = MosquittoClients.Subscribe(broker.Port, version, 0, "-t", "ignored",
            "--will-topic", "status/doomed", "--will-payload", "offline", "--will-qos", "1");
        await MosquittoClients.WaitSubscribedAsync(doomed);

        doomed.Kill();

        var will = await MosquittoClients.NextMessageAsync(watcher, "the will of the killed client");
        Assert.Equal(["status/doomed", "offline", "1", "0"], will);
    }

    [Fact]
    public async Task A_persistent_session_keeps_qos1_messages_published_while_its_client_was_away()
    {
        await using var broker = await BrokerFixture.StartAsync();
        await using (var first = MosquittoClients.Subscribe(broker.Port, MqttProtocolVersion.V311, 1, "-t", "queue/#", "-c", "-i", "durable"))
        {
            await MosquittoClients.WaitSubscribedAsync(first);
        }

        // Whether or not the broker has noticed the kill yet, a QoS 1 message is kept in the session (queued or
        // in flight) and must reach the next connection of the same client id.
        await MosquittoClients.PublishAsync(broker.Port, MqttProtocolVersion.V311, "queue/1", "while-away", qos: 1);

        await using var again = MosquittoClients.Subscribe(broker.Port, MqttProtocolVersion.V311, 1, "-t", "queue/#", "-c", "-i", "durable");
        var message = await MosquittoClients.NextMessageAsync(again, "the queued message after reconnecting");
        Assert.Equal(["queue/1", "while-away", "1", "0"], message);
    }

    [Fact]
    public async Task The_authentication_hook_refuses_a_bad_password_and_accepts_a_good_one()
    {
        await using var broker = await BrokerFixture.StartAsync(o => o.AuthenticateAsync = (request, _) =>
            ValueTask.FromResult(request.Username == "ops" && request.Password is { } p && p.Span.SequenceEqual("s3cret"u8)
                ? MqttReasonCode.Success
                : MqttReasonCode.BadUserNameOrPassword));

        await using (var bad = PeerProcess.Start("mosquitto_pub", "-h", "127.0.0.1", "-p", broker.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-t", "x", "-m", "y", "-u", "ops", "-P", "wrong"))
        {
            Assert.NotEqual(0, await bad.WaitForExitAsync("mosquitto_pub with a wrong password to be refused"));
        }
        await MosquittoClients.PublishAsync(broker.Port, MqttProtocolVersion.V500, "x", "y", 0, false, "-u", "ops", "-P", "s3cret");
    }
}
