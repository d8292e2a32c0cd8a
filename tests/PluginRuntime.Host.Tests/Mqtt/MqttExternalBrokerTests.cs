using PluginRuntime.Host.Tests.Mqtt.Support;
using static PluginRuntime.Host.Tests.Mqtt.MqttFaceConfigs;

namespace PluginRuntime.Host.Tests.Mqtt;

/// <summary>External brokers: whatever they lost is republished when the runtime reconnects.</summary>
public sealed class MqttExternalBrokerTests
{
    [Fact]
    public async Task After_the_external_broker_restarts_the_full_state_and_metadata_are_republished()
    {
        await using var external = await MosquittoPeer.StartAsync();
        await using var host = await MqttTestHost.StartAsync(OneModule + WithExternal(external.Port));
        await using (var before = await MosquittoSubscriber.StartAsync(external.Port, [SysA("power")]))
        {
            await host.SetValueAsync("sys-a", "power", 3);
            Assert.Equal("3", (await before.NextAsync("the power value on the external broker")).Value);
        }

        // A fresh mosquitto without persistence: every retained message is gone until the runtime republishes.
        await external.RestartAsync();
        await using var after = await MosquittoSubscriber.StartAsync(external.Port, [SysA("power"), SysA("greeting"), Metadata("sys-a")]);

        var republished = new Dictionary<string, string>();
        while (republished.Count < 3)
        {
            var message = await after.NextAsync("power, greeting and sys-a metadata republished after the reconnect");
            republished[message.Topic] = message.Payload;
        }
        Assert.Equal("3", new ReceivedMessage(SysA("power"), true, republished[SysA("power")]).Value);
        Assert.Equal("\"hello\"", new ReceivedMessage(SysA("greeting"), true, republished[SysA("greeting")]).Value);
        Assert.Equal("""{"name":"Room A","zones":["zone-lvl"],"modules":["mod-echo"]}""", republished[Metadata("sys-a")]);
    }

    [Fact]
    public async Task A_broker_added_by_a_config_edit_gets_everything_and_a_removed_one_is_disconnected()
    {
        await using var external = await MosquittoPeer.StartAsync();
        await using var host = await MqttTestHost.StartAsync(OneModule + EmbeddedOnPortZero);
        await using var subscriber = await MosquittoSubscriber.StartAsync(external.Port, [SysA("greeting")]);

        await host.ApplyAsync(OneModule + WithExternal(external.Port));

        Assert.Equal("\"hello\"", (await subscriber.NextAsync("the greeting on the newly configured broker")).Value);
        Assert.Contains(host.Face.Targets, t => t.Name == "ext");

        await host.ApplyAsync(OneModule + EmbeddedOnPortZero);

        Assert.DoesNotContain(host.Face.Targets, t => t.Name == "ext");
    }
}
