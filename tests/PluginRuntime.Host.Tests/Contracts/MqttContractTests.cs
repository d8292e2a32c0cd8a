using PluginRuntime.Host.Tests.Contracts.Support;
using PluginRuntime.Host.Tests.Mqtt.Support;
using static PluginRuntime.Host.Tests.Mqtt.MqttFaceConfigs;

namespace PluginRuntime.Host.Tests.Contracts;

/// <summary>
/// What the runtime publishes over MQTT, as a real subscriber (mosquitto_sub on the embedded broker) receives it,
/// checked against the MQTT spec: every topic fits a channel address, every payload conforms to a message of that
/// channel, and state changes, metadata and removals are all seen.
/// </summary>
public sealed class MqttContractTests
{
    [Fact]
    public async Task Every_message_the_runtime_publishes_conforms_to_the_mqtt_spec()
    {
        var spec = await AsyncApiSpec.LoadAsync("placeos-mqtt.asyncapi.yaml");
        await using var host = await MqttTestHost.StartAsync(OneModule + EmbeddedOnPortZero);
        // The first publish of the module's state (after its metadata) runs on its own after start; wait for it, so
        // the real subscriber below gets every topic retained rather than some of them live after its first change.
        await using (var probe = await MosquittoSubscriber.StartAsync(host.EmbeddedPort, [SysA("greeting")], MqttTestHost.ViewerKey))
        {
            await probe.NextAsync("the module's first state publish");
        }
        await using var subscriber = await MosquittoSubscriber.StartAsync(host.EmbeddedPort, ["placeos/org-test/#"], MqttTestHost.ViewerKey);
        var seen = new HashSet<string>(StringComparer.Ordinal);

        // What was published before the subscription arrives retained; a live change marks the end of it.
        await host.SetValueAsync("sys-a", "power", 1);
        var retained = new List<ReceivedMessage>();
        for (var message = await subscriber.NextAsync("the retained messages"); message.Topic != SysA("power");
             message = await subscriber.NextAsync("the retained messages, then the power change"))
        {
            retained.Add(message);
            seen.Add(Check(spec, message));
        }
        Assert.All(retained, m => Assert.True(m.Retained, $"{m.Topic} should be retained"));
        Assert.Equal(
            [Metadata("drv-echo"), Metadata("org-test"), Metadata("sys-a"), Metadata("zone-bld"), Metadata("zone-lvl"), SysA("greeting")],
            retained.Select(m => m.Topic).Order(StringComparer.Ordinal));
        Assert.Equal("stateChange", Check(spec, new ReceivedMessage(SysA("power"), false, """{"time":0,"value":1}""")));

        // Removing the system clears its module's state topics and its metadata with empty retained messages.
        await host.ApplyAsync(Zones + EchoDriver + "modules:\n  - { id: mod-echo, driver: drv-echo }\n" + EmbeddedOnPortZero);
        var cleared = new HashSet<string>(StringComparer.Ordinal);
        while (!cleared.SetEquals([SysA("greeting"), SysA("power"), Metadata("sys-a")]))
        {
            var message = await subscriber.NextAsync("the removed system's topics to be cleared");
            seen.Add(Check(spec, message));
            if (message.Payload.Length == 0)
            {
                cleared.Add(message.Topic);
            }
        }

        Assert.Equal(spec.SentMessages().Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
    }

    /// <summary>The topic fits a channel; the payload conforms to the message of that channel it must be. Returns that message.</summary>
    private static string Check(AsyncApiSpec spec, ReceivedMessage message)
    {
        var (channel, parameters) = spec.ChannelFor(message.Topic);
        Assert.Equal(MqttTestHost.Org, parameters["org"]);
        string expected = (channel, message.Payload.Length) switch
        {
            (_, 0) => "cleared",
            ("state", _) => "stateChange",
            _ => parameters["id"] switch
            {
                MqttTestHost.Org => "orgMetadata",
                "sys-a" => "systemMetadata",
                "drv-echo" => "driverMetadata",
                _ => "zoneMetadata",
            },
        };
        Assert.Contains(expected, spec.MessagesOf(channel));
        spec.AssertConforms(expected, message.Payload);
        // The channel's other messages must not also fit, or the spec could not tell them apart.
        Assert.Equal(expected, spec.AssertConformsToOneOf(spec.MessagesOf(channel), message.Payload));
        return expected;
    }
}
