using System.IO.Pipelines;
using PluginRuntime.Mqtt.Formatter;
using PluginRuntime.Mqtt.Packets;
using PluginRuntime.Mqtt.Tests.Support;

namespace PluginRuntime.Mqtt.Tests.Broker;

public sealed class BrokerConnectTests
{
    [Fact]
    public async Task An_authentication_hook_that_throws_refuses_the_client_instead_of_hanging()
    {
        await using var broker = await BrokerFixture.StartAsync(o => o.AuthenticateAsync = (_, _) => throw new InvalidOperationException("directory down"));
        await using var client = await RawClient.OpenAsync(broker.Port);

        await client.SendAsync(new ConnectPacket { ClientId = "x" });

        Assert.Equal(MqttReasonCode.ServerUnavailable, (await client.ExpectAsync<ConnAckPacket>("the refusing CONNACK")).ReasonCode);
    }

    [Fact]
    public async Task The_hook_sees_the_credentials_and_its_refusal_reaches_a_v5_client_verbatim()
    {
        PluginRuntime.Mqtt.Broker.MqttConnectRequest? seen = null;
        await using var broker = await BrokerFixture.StartAsync(o => o.AuthenticateAsync = (request, _) =>
        {
            seen = request;
            return ValueTask.FromResult(MqttReasonCode.NotAuthorized);
        });
        await using var client = await RawClient.OpenAsync(broker.Port);

        await client.SendAsync(new ConnectPacket { ClientId = "x", Username = "u", Password = Some.Bytes("p") });

        Assert.Equal(MqttReasonCode.NotAuthorized, (await client.ExpectAsync<ConnAckPacket>("the refusing CONNACK")).ReasonCode);
        Assert.Equal(("x", "u", "p"), (seen!.ClientId, seen.Username, System.Text.Encoding.UTF8.GetString(seen.Password!.Value.Span)));
    }

    [Fact]
    public async Task Enhanced_authentication_is_refused_with_bad_authentication_method()
    {
        await using var broker = await BrokerFixture.StartAsync();
        await using var client = await RawClient.OpenAsync(broker.Port);

        await client.SendAsync(new ConnectPacket { ClientId = "x", AuthenticationMethod = "SCRAM-SHA-256" });

        Assert.Equal(MqttReasonCode.BadAuthenticationMethod, (await client.ExpectAsync<ConnAckPacket>("the refusing CONNACK")).ReasonCode);
    }

    [Fact]
    public async Task A_first_packet_other_than_connect_closes_the_connection_without_an_answer()
    {
        await using var broker = await BrokerFixture.StartAsync();
        await using var client = await RawClient.OpenAsync(broker.Port);

        await client.SendAsync(PingReqPacket.Instance);

        Assert.Empty(await client.ExpectClosedAsync("the broker to close the connection"));
    }

    [Fact]
    public async Task A_client_that_never_sends_connect_is_closed_after_the_connect_timeout()
    {
        await using var broker = await BrokerFixture.StartAsync(o => o.ConnectTimeout = TimeSpan.FromMilliseconds(200));
        await using var client = await RawClient.OpenAsync(broker.Port);

        Assert.Empty(await client.ExpectClosedAsync("the broker to give up waiting for CONNECT"));
    }

    [Fact]
    public async Task A_connection_over_any_stream_is_served_like_tcp()
    {
        // The websocket face hands the broker a stream; model it with two in-memory pipes.
        await using var broker = await BrokerFixture.StartAsync();
        var toBroker = new Pipe();
        var fromBroker = new Pipe();
        var brokerSide = new DuplexPipeStream(toBroker.Reader, fromBroker.Writer);
        var serving = broker.Broker.HandleConnectionAsync(brokerSide, null, CancellationToken.None);
        var formatter = MqttPacketFormatter.V500;
        var frames = new PluginRuntime.Mqtt.Channel.MqttFrameReader(fromBroker.Reader, 1024);

        await toBroker.Writer.WriteAsync(formatter.Encode(new ConnectPacket { ClientId = "in-memory" }));
        var connAck = await Within.Await(frames.ReadAsync(CancellationToken.None).AsTask(), "CONNACK over the in-memory stream");
        Assert.IsType<ConnAckPacket>(formatter.Decode(connAck!.Value.Header, connAck.Value.Body));
        await toBroker.Writer.WriteAsync(formatter.Encode(new DisconnectPacket()));
        await toBroker.Writer.CompleteAsync();

        await Within.Await(serving, "the broker to finish serving the in-memory connection");
    }
}
