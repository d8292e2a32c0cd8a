using PluginRuntime.Host.Tests.Mqtt.Support;
using static PluginRuntime.Host.Tests.Mqtt.MqttFaceConfigs;

namespace PluginRuntime.Host.Tests.Mqtt;

/// <summary>
/// Status changes and metadata as real MQTT clients see them: mosquitto_sub on the embedded broker (TCP) and on an
/// external mosquitto the runtime publishes to.
/// </summary>
public sealed class MqttStatePublishingTests
{
    [Fact]
    public async Task A_status_change_is_published_retained_to_the_embedded_broker_and_to_an_external_mosquitto()
    {
        await using var external = await MosquittoPeer.StartAsync();
        await using var host = await MqttTestHost.StartAsync(OneModule + WithExternal(external.Port));
        await using var onEmbedded = await MosquittoSubscriber.StartAsync(host.EmbeddedPort, [SysA("power")], MqttTestHost.ViewerKey);
        await using var onExternal = await MosquittoSubscriber.StartAsync(external.Port, [SysA("power")]);
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        await host.SetValueAsync("sys-a", "power", 1);

        var embedded = await onEmbedded.NextOnAsync(SysA("power"), "the power change on the embedded broker");
        var externalMessage = await onExternal.NextOnAsync(SysA("power"), "the power change on the external mosquitto");
        Assert.Equal("1", embedded.Value);
        Assert.Equal("1", externalMessage.Value);
        Assert.InRange(embedded.Time, before, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        Assert.Equal(["time", "value"], System.Text.Json.JsonDocument.Parse(embedded.Payload).RootElement.EnumerateObject().Select(p => p.Name));

        await using var lateEmbedded = await MosquittoSubscriber.StartAsync(host.EmbeddedPort, [SysA("power")], MqttTestHost.ViewerKey);
        await using var lateExternal = await MosquittoSubscriber.StartAsync(external.Port, [SysA("power")]);
        var retained = await lateEmbedded.NextAsync("the retained power value for a later subscriber (embedded)");
        var retainedExternal = await lateExternal.NextAsync("the retained power value for a later subscriber (external)");
        Assert.Equal((true, "1", embedded.Time), (retained.Retained, retained.Value, retained.Time));
        Assert.Equal((true, "1"), (retainedExternal.Retained, retainedExternal.Value));
    }

    [Theory]
    [InlineData("placeos/org-test/state/zone-bld/#", "greeting")]
    [InlineData("placeos/org-test/state/+/+/+/+/+/+/+/connected", "connected")]
    [InlineData("placeos/org-test/state/+/+/+/+/+/Echo/+/power", "power")]
    [InlineData("placeos/org-test/state/+/+/+/+/drv-echo/+/+/call_status", "call_status")]
    public async Task The_seeds_wildcard_examples_select_what_they_say(string filter, string key)
    {
        await using var host = await MqttTestHost.StartAsync(OneModule + EmbeddedOnPortZero);
        await using var subscriber = await MosquittoSubscriber.StartAsync(host.EmbeddedPort, [filter], MqttTestHost.ViewerKey);

        if (key != "greeting")
        {
            await host.SetValueAsync("sys-a", key, 1);
        }

        var message = await subscriber.NextOnAsync(SysA(key), $"{key} through '{filter}'");
        Assert.True(MqttTopicMatches(filter, message.Topic));
    }

    [Fact]
    public async Task A_module_in_two_systems_is_published_under_each_and_a_system_without_zones_uses_underscores()
    {
        await using var host = await MqttTestHost.StartAsync(Zones + EchoDriver + """
            modules:
              - { id: mod-echo, driver: drv-echo }
            systems:
              - { id: sys-a, name: Room A, zones: [zone-lvl], modules: [mod-echo] }
              - { id: sys-b, name: Room B, modules: [mod-echo] }

            """ + EmbeddedOnPortZero);
        await using var subscriber = await MosquittoSubscriber.StartAsync(host.EmbeddedPort, ["placeos/org-test/state/+/+/+/+/+/+/+/power"], MqttTestHost.ViewerKey);

        await host.SetValueAsync("sys-a", "power", 7);

        var topics = new[]
        {
            (await subscriber.NextAsync("the first of two power messages")).Topic,
            (await subscriber.NextAsync("the second of two power messages")).Topic,
        };
        Assert.Equal(["placeos/org-test/state/_/_/_/sys-b/drv-echo/Echo/1/power", SysA("power")], topics.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_deleted_key_and_a_removed_module_clear_their_retained_topics()
    {
        await using var host = await MqttTestHost.StartAsync(OneModule + EmbeddedOnPortZero);
        await using var live = await MosquittoSubscriber.StartAsync(host.EmbeddedPort, [SysA("power"), SysA("greeting")], MqttTestHost.ViewerKey);
        await host.SetValueAsync("sys-a", "power", 1);
        Assert.Equal("1", (await live.NextOnAsync(SysA("power"), "the power value")).Value);

        // What a driver's SetStatus(key, null) does: the key is deleted from the module's status.
        Assert.True(host.Engine.State.For("mod-echo").Remove("power"));

        Assert.Equal("", (await live.NextOnAsync(SysA("power"), "an empty message clearing the deleted key")).Payload);
        await AssertNotRetainedAsync(host, SysA("power"));

        await host.ApplyAsync(Zones + EchoDriver + "systems:\n  - { id: sys-a, name: Room A, zones: [zone-lvl] }\n" + EmbeddedOnPortZero);

        Assert.Equal("", (await live.NextOnAsync(SysA("greeting"), "an empty message clearing the removed module's greeting")).Payload);
        await AssertNotRetainedAsync(host, SysA("greeting"));
    }

    [Fact]
    public async Task Metadata_is_retained_and_republished_when_the_config_changes()
    {
        await using var host = await MqttTestHost.StartAsync(OneModule + EmbeddedOnPortZero);
        await using var subscriber = await MosquittoSubscriber.StartAsync(host.EmbeddedPort, ["placeos/org-test/metadata/#"], MqttTestHost.ViewerKey);

        var seen = new Dictionary<string, ReceivedMessage>();
        while (seen.Count < 5)
        {
            var message = await subscriber.NextAsync("retained metadata of the org, two zones, the system and the driver");
            Assert.True(message.Retained);
            seen[message.Topic] = message;
        }
        Assert.Equal(
            new Dictionary<string, string>
            {
                [Metadata("org-test")] = """{"name":"Test Org"}""",
                [Metadata("zone-bld")] = """{"name":"Building 1","tags":["building"],"parent_id":null}""",
                [Metadata("zone-lvl")] = """{"name":"Level 3","tags":["level"],"parent_id":"zone-bld"}""",
                [Metadata("sys-a")] = """{"name":"Room A","zones":["zone-lvl"],"modules":["mod-echo"]}""",
                [Metadata("drv-echo")] = """{"name":"Echo","module_name":"Echo","description":null}""",
            },
            seen.ToDictionary(m => m.Key, m => m.Value.Payload));

        await host.ApplyAsync(OneModule.Replace("name: Level 3", "name: Level Three", StringComparison.Ordinal) + EmbeddedOnPortZero);

        var renamed = await subscriber.NextAsync("the renamed level's metadata");
        Assert.Equal((Metadata("zone-lvl"), """{"name":"Level Three","tags":["level"],"parent_id":"zone-bld"}"""), (renamed.Topic, renamed.Payload));
    }

    /// <summary>
    /// A new subscriber to the topic and then to the org's metadata (always retained) gets retained messages in
    /// subscription order, so seeing the metadata first proves the topic had nothing retained.
    /// </summary>
    internal static async Task AssertNotRetainedAsync(MqttTestHost host, string topic)
    {
        await using var fresh = await MosquittoSubscriber.StartAsync(host.EmbeddedPort, [topic, Metadata("org-test")], MqttTestHost.ViewerKey);
        var first = await fresh.NextAsync($"the retained org metadata, with nothing retained on {topic} before it");
        Assert.Equal(Metadata("org-test"), first.Topic);
    }

    private static bool MqttTopicMatches(string filter, string topic)
    {
        var f = filter.Split('/');
        var t = topic.Split('/');
        for (var i = 0; i < f.Length; i++)
        {
            if (f[i] == "#")
            {
                return true;
            }
            if (i >= t.Length || (f[i] != "+" && f[i] != t[i]))
            {
                return false;
            }
        }
        return f.Length == t.Length;
    }
}
