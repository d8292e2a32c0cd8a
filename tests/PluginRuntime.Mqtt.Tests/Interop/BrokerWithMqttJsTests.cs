using System.Text.Json;
using PluginRuntime.Mqtt.Client;
using PluginRuntime.Mqtt.Tests.Support;

namespace PluginRuntime.Mqtt.Tests.Interop;

/// <summary>Our broker and client against MQTT.js (npm package mqtt), a second independent implementation.</summary>
public sealed class BrokerWithMqttJsTests
{
    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task Mqttjs_receives_from_the_host_and_its_replies_reach_our_client(MqttProtocolVersion version)
    {
        await using var broker = await BrokerFixture.StartAsync();
        await using var client = new MqttClient(new MqttClientOptions { Host = "127.0.0.1", Port = broker.Port, ClientId = "ours" });
        var received = new Signal<MqttApplicationMessage>();
        client.MessageReceived += (_, e) => received.Add(e.Message);
        await Within.Await(client.ConnectAsync(), "our client to connect");
        await Within.Await(client.SubscribeAsync("js-out/#", MqttQualityOfService.AtLeastOnce), "SUBACK for js-out/#");
        await using var peer = MqttJs.Start(broker.Port, version);
        var subscribed = Parse(await peer.WaitForLineAsync("\"subscribed\"", "MQTT.js to connect and subscribe"));
        Assert.Equal(2, subscribed.GetProperty("qos")[0].GetInt32());

        await broker.Broker.PublishAsync(new MqttApplicationMessage { Topic = "js/cmd", Payload = Some.Bytes("echo"), QualityOfService = MqttQualityOfService.ExactlyOnce });

        var atPeer = Parse(await peer.WaitForLineAsync("\"message\"", "the host's message at MQTT.js"));
        Assert.Equal(("js/cmd", "echo", 2), (atPeer.GetProperty("topic").GetString(), atPeer.GetProperty("payload").GetString(), atPeer.GetProperty("qos").GetInt32()));
        var first = await received.NextAsync("MQTT.js's first reply");
        var second = await received.NextAsync("MQTT.js's second reply (sent with a topic alias in v5)");
        Assert.Equal(("js-out/echo", "first"), (first.Topic, first.PayloadAsString()));
        Assert.Equal(("js-out/echo", "second"), (second.Topic, second.PayloadAsString()));
        if (version == MqttProtocolVersion.V500)
        {
            Assert.Equal("text/plain", second.ContentType);
            Assert.Equal(new MqttUserProperty("origin", "mqtt.js"), Assert.Single(second.UserProperties));
        }
    }

    private static JsonElement Parse(string line) => JsonDocument.Parse(line).RootElement;
}
