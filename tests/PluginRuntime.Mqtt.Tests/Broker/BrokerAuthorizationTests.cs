using PluginRuntime.Mqtt.Packets;
using PluginRuntime.Mqtt.Tests.Support;

namespace PluginRuntime.Mqtt.Tests.Broker;

/// <summary>The read-only user of the design: may subscribe to state, may not publish.</summary>
public sealed class BrokerAuthorizationTests
{
    private static Task<BrokerFixture> StartReadOnlyBrokerAsync() => BrokerFixture.StartAsync(o =>
    {
        o.AuthenticateAsync = (request, _) =>
        {
            request.State = request.Username == "admin" ? "write" : "read";
            return ValueTask.FromResult(MqttReasonCode.Success);
        };
        o.AuthorizePublish = (request, _) => (string?)request.State == "write";
        o.AuthorizeSubscribe = (_, filter) => filter.StartsWith("placeos/", StringComparison.Ordinal);
    });

    [Theory]
    [InlineData(MqttProtocolVersion.V311, MqttReasonCode.Success)]
    [InlineData(MqttProtocolVersion.V500, MqttReasonCode.NotAuthorized)]
    public async Task A_read_only_user_cannot_publish_and_v5_is_told_why(MqttProtocolVersion version, MqttReasonCode expectedAck)
    {
        await using var broker = await StartReadOnlyBrokerAsync();
        var (reader, _) = await RawClient.ConnectAsync(broker.Port, new ConnectPacket { ProtocolVersion = version, ClientId = "reader", Username = "viewer" });
        await using var _r = reader;
        await reader.SubscribeAsync("placeos/#");

        await reader.SendAsync(new PublishPacket { Topic = "placeos/org/state/x", Payload = Some.Bytes("forged"), QualityOfService = MqttQualityOfService.AtLeastOnce, PacketIdentifier = 1 });
        Assert.Equal(expectedAck, (await reader.ExpectAsync<PubAckPacket>("PUBACK for the denied publish")).ReasonCode);
        await broker.Broker.PublishAsync(new MqttApplicationMessage { Topic = "placeos/org/state/y", Payload = Some.Bytes("real"), QualityOfService = MqttQualityOfService.AtLeastOnce });

        Assert.Equal("real", (await reader.ExpectAsync<PublishPacket>("the host's message, with the forged one never routed")).ToApplicationMessage().PayloadAsString());
    }

    [Fact]
    public async Task With_CloseDeniedV311Publishers_a_311_client_that_may_not_publish_is_disconnected_instead_of_acknowledged()
    {
        await using var broker = await BrokerFixture.StartAsync(o =>
        {
            o.AuthorizePublish = (_, _) => false;
            o.CloseDeniedV311Publishers = true;
        });
        var (reader, _) = await RawClient.ConnectAsync(broker.Port, new ConnectPacket { ProtocolVersion = MqttProtocolVersion.V311, ClientId = "reader" });
        await using var _r = reader;

        await reader.SendAsync(new PublishPacket { Topic = "placeos/org/state/x", Payload = Some.Bytes("forged"), QualityOfService = MqttQualityOfService.AtLeastOnce, PacketIdentifier = 1 });

        Assert.Empty(await reader.ExpectClosedAsync("the broker to close the connection without a PUBACK"));
    }

    [Fact]
    public async Task An_admin_may_publish_and_subscriptions_outside_the_allowed_tree_are_refused()
    {
        await using var broker = await StartReadOnlyBrokerAsync();
        var (admin, _) = await RawClient.ConnectAsync(broker.Port, new ConnectPacket { ClientId = "admin", Username = "admin" });
        await using var _a = admin;

        await admin.SendAsync(new SubscribePacket
        {
            PacketIdentifier = 1,
            Filters = [new MqttTopicFilter { Filter = "placeos/#", QualityOfService = MqttQualityOfService.AtLeastOnce }, new MqttTopicFilter { Filter = "#" }],
        });
        var ack = await admin.ExpectAsync<SubAckPacket>("SUBACK");
        Assert.Equal([MqttReasonCode.GrantedQoS1, MqttReasonCode.NotAuthorized], ack.ReasonCodes);

        await admin.SendAsync(new PublishPacket { Topic = "placeos/org/exec", Payload = Some.Bytes("ok"), QualityOfService = MqttQualityOfService.AtLeastOnce, PacketIdentifier = 2 });
        var sawAck = false;
        var sawMessage = false;
        while (!(sawAck && sawMessage))
        {
            var packet = await admin.ReceiveAsync("PUBACK and the admin's own message");
            if (packet is PubAckPacket puback)
            {
                Assert.Equal(MqttReasonCode.Success, puback.ReasonCode);
                sawAck = true;
            }
            else if (packet is PublishPacket publish)
            {
                Assert.Equal("placeos/org/exec", publish.Topic);
                await admin.SendAsync(new PubAckPacket { PacketIdentifier = publish.PacketIdentifier });
                sawMessage = true;
            }
        }
    }

    [Fact]
    public async Task A_throwing_authorization_hook_denies()
    {
        await using var broker = await BrokerFixture.StartAsync(o => o.AuthorizeSubscribe = (_, _) => throw new InvalidOperationException("policy store down"));
        var (client, _) = await RawClient.ConnectAsync(broker.Port, new ConnectPacket { ClientId = "c" });
        await using var _c = client;

        await client.SendAsync(new SubscribePacket { PacketIdentifier = 1, Filters = [new MqttTopicFilter { Filter = "a" }] });

        Assert.Equal([MqttReasonCode.NotAuthorized], (await client.ExpectAsync<SubAckPacket>("SUBACK")).ReasonCodes);
    }
}
