using PluginRuntime.Host.Tests.Mqtt.Support;
using PluginRuntime.Host.Tests.Support;
using PluginRuntime.Mqtt;
using PluginRuntime.Mqtt.Client;
using static PluginRuntime.Host.Tests.Mqtt.MqttFaceConfigs;

namespace PluginRuntime.Host.Tests.Mqtt;

/// <summary>The embedded broker applies the same credentials and scopes as the other faces: bearer tokens, system scope.</summary>
public sealed class MqttScopedAccessTests
{
    private const string RoomAKey = "room-a-key-0123456789abcdef";

    private static readonly string Access = $$"""
        api_keys:
          - { name: room-a, key: {{RoomAKey}}, role: user, systems: [sys-a] }
        users:
          - { name: alice, role: user, systems: [sys-a] }
        auth:
          jwt_secret: {{RestTestHost.JwtSecret}}
        """;

    private const string TwoSystems = Zones + EchoDriver + """
        modules:
          - { id: mod-echo, driver: drv-echo }
          - { id: mod-echo-b, driver: drv-echo }
        systems:
          - { id: sys-a, name: Room A, zones: [zone-lvl], modules: [mod-echo] }
          - { id: sys-b, name: Room B, zones: [zone-lvl], modules: [mod-echo-b] }

        """;

    [Fact]
    public async Task A_bearer_token_signs_in_to_the_embedded_broker_as_its_user()
    {
        await using var host = await MqttTestHost.StartAsync(TwoSystems + EmbeddedOnPortZero, Access);
        string token = JwtTestTokens.Hs256(RestTestHost.JwtSecret, "alice");
        await using var client = Client(host, "alice", token);

        await client.ConnectAsync().WithTimeout("alice to connect with her bearer token");

        Assert.Equal(MqttReasonCode.GrantedQoS1,
            await client.SubscribeAsync($"placeos/{MqttTestHost.Org}/state/+/+/+/sys-a/#", MqttQualityOfService.AtLeastOnce).WithTimeout("the SUBACK"));
    }

    [Fact]
    public async Task An_expired_or_forged_token_is_refused()
    {
        await using var host = await MqttTestHost.StartAsync(TwoSystems + EmbeddedOnPortZero, Access);
        string expired = JwtTestTokens.Hs256(RestTestHost.JwtSecret, "alice", expires: DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeSeconds());
        string forged = JwtTestTokens.Hs256("another-secret-0123456789abcdef0123", "alice");

        foreach (var token in new[] { expired, forged })
        {
            await using var client = Client(host, "alice", token);
            var refused = await Assert.ThrowsAsync<MqttConnectionRefusedException>(() => client.ConnectAsync().WithTimeout("the CONNACK"));
            Assert.Equal(MqttReasonCode.BadUserNameOrPassword, refused.ReasonCode);
        }
    }

    [Fact]
    public async Task A_scoped_key_may_subscribe_to_its_systems_only()
    {
        await using var host = await MqttTestHost.StartAsync(TwoSystems + EmbeddedOnPortZero, Access);
        await using var client = Client(host, "room-a", RoomAKey);
        await client.ConnectAsync().WithTimeout("the scoped key to connect");
        string org = MqttTestHost.Org;

        async Task<MqttReasonCode> Subscribe(string filter) =>
            await client.SubscribeAsync(filter, MqttQualityOfService.AtLeastOnce).WithTimeout($"the SUBACK for {filter}");

        Assert.Equal(MqttReasonCode.GrantedQoS1, await Subscribe($"placeos/{org}/state/+/+/+/sys-a/#"));
        Assert.Equal(MqttReasonCode.GrantedQoS1, await Subscribe($"placeos/{org}/metadata/sys-a"));
        Assert.Equal(MqttReasonCode.GrantedQoS1, await Subscribe($"placeos/{org}/metadata/zone-bld"));
        Assert.Equal(MqttReasonCode.NotAuthorized, await Subscribe($"placeos/{org}/state/+/+/+/sys-b/#"));
        Assert.Equal(MqttReasonCode.NotAuthorized, await Subscribe($"placeos/{org}/state/+/+/+/+/#"));
        Assert.Equal(MqttReasonCode.NotAuthorized, await Subscribe($"placeos/{org}/state/#"));
        Assert.Equal(MqttReasonCode.NotAuthorized, await Subscribe("placeos/#"));
        Assert.Equal(MqttReasonCode.NotAuthorized, await Subscribe($"placeos/{org}/metadata/sys-b"));
        Assert.Equal(MqttReasonCode.NotAuthorized, await Subscribe($"placeos/{org}/metadata/+"));
        Assert.Equal(MqttReasonCode.NotAuthorized, await Subscribe("#"));
    }

    [Fact]
    public async Task A_scoped_subscription_receives_its_systems_state()
    {
        await using var host = await MqttTestHost.StartAsync(TwoSystems + EmbeddedOnPortZero, Access);
        await using var reader = await MosquittoSubscriber.StartAsync(host.EmbeddedPort, [$"placeos/{MqttTestHost.Org}/state/+/+/+/sys-a/#"], RoomAKey);

        await host.SetValueAsync("sys-a", "power", 7);

        // Retained state (the module's greeting) arrives first; then the change. Nothing of sys-b ever does.
        var seen = new List<string>();
        while (true)
        {
            var message = await reader.NextAsync("sys-a's power change at the scoped subscriber");
            seen.Add(message.Topic);
            if (message.Topic == SysA("power"))
            {
                break;
            }
        }
        Assert.All(seen, topic => Assert.Contains("/sys-a/", topic));
    }

    private static MqttClient Client(MqttTestHost host, string username, string password) =>
        new(new MqttClientOptions { Host = "127.0.0.1", Port = host.EmbeddedPort, Username = username, Password = password });
}
