using System.Security.Cryptography;
using System.Text;
using PluginRuntime.Host.Tests.Mqtt.Support;
using static PluginRuntime.Host.Tests.Mqtt.MqttFaceConfigs;

namespace PluginRuntime.Host.Tests.Mqtt;

/// <summary>Privacy filters run per target before anything leaves: hash, mask and drop on the embedded broker, raw on an opted-out external one.</summary>
public sealed class MqttPrivacyFilterTests
{
    private const string HashKey = "hash-key-0123456789";

    private static string Greeting(int index) => $"placeos/org-test/state/zone-bld/zone-lvl/_/sys-a/drv-echo/Echo/{index}/greeting";

    [Fact]
    public async Task Hash_mask_and_drop_apply_to_the_embedded_broker_while_an_external_broker_with_no_filters_gets_raw_values()
    {
        await using var external = await MosquittoPeer.StartAsync();
        await using var host = await MqttTestHost.StartAsync(Zones + EchoDriver + """
            modules:
              - { id: mod-1, driver: drv-echo, settings: { greeting: 'mail alice@example.com' } }
              - { id: mod-2, driver: drv-echo, settings: { greeting: 'badge secret-42 ok' } }
              - { id: mod-3, driver: drv-echo, settings: { greeting: 'DROPME' } }
            systems:
              - { id: sys-a, name: Room A, zones: [zone-lvl], modules: [mod-1, mod-2, mod-3] }
            privacy_filters:
              - { name: emails, pattern: '[\w.]+@[\w.]+', action: hash, key: hash-key-0123456789 }
              - { name: badges, pattern: 'secret-\d+', action: mask }
              - { name: banned, pattern: 'DROPME', action: drop }

            """ + WithExternal(external.Port, ", filters: []"));

        // The external broker has no filters: every greeting arrives as written.
        await using var raw = await MosquittoSubscriber.StartAsync(external.Port, ["placeos/org-test/state/+/+/+/sys-a/drv-echo/Echo/+/greeting"]);
        var rawValues = new Dictionary<string, string>();
        while (rawValues.Count < 3)
        {
            var message = await raw.NextAsync("three raw greetings on the external broker");
            rawValues[message.Topic] = message.Value;
        }
        Assert.Equal("\"mail alice@example.com\"", rawValues[Greeting(1)]);
        Assert.Equal("\"badge secret-42 ok\"", rawValues[Greeting(2)]);
        Assert.Equal("\"DROPME\"", rawValues[Greeting(3)]);

        // The embedded broker gets every declared filter (it names none). A later change of mod-3, seen live, proves
        // its greeting went through the embedded broker's queue before it, and was dropped there.
        await using var live = await MosquittoSubscriber.StartAsync(host.EmbeddedPort, ["placeos/org-test/state/+/+/+/sys-a/drv-echo/Echo/3/marker"], MqttTestHost.ViewerKey);
        await host.SetValueAsync("sys-a", "marker", 1, index: 3);
        await live.NextAsync("mod-3's marker, queued after its greeting");

        await using var filtered = await MosquittoSubscriber.StartAsync(host.EmbeddedPort,
            ["placeos/org-test/state/+/+/+/sys-a/drv-echo/Echo/+/greeting", Metadata("org-test")], MqttTestHost.ViewerKey);
        var values = new Dictionary<string, string>();
        while (true)
        {
            var message = await filtered.NextAsync("the filtered greetings, then the org metadata");
            if (message.Topic == Metadata("org-test"))
            {
                break;
            }
            values[message.Topic] = message.Value;
        }
        var hmac = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(HashKey), "alice@example.com"u8));
        Assert.Equal(
            new Dictionary<string, string>
            {
                [Greeting(1)] = $"\"mail {hmac}\"",
                [Greeting(2)] = "\"badge *** ok\"",
            },
            values);
    }
}
