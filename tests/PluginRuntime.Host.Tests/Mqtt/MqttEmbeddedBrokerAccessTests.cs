using System.Globalization;
using PluginRuntime.Host.Tests.Mqtt.Support;
using PluginRuntime.Mqtt;
using PluginRuntime.Mqtt.Client;
using static PluginRuntime.Host.Tests.Mqtt.MqttFaceConfigs;

namespace PluginRuntime.Host.Tests.Mqtt;

/// <summary>Who may do what on the embedded broker, over TCP and over the websocket at /api/mqtt/.</summary>
public sealed class MqttEmbeddedBrokerAccessTests
{
    [Fact]
    public async Task MqttJs_over_the_websocket_endpoint_authenticates_with_an_api_key_and_receives_state()
    {
        await using var host = await MqttTestHost.StartAsync(OneModule + EmbeddedOnPortZero);
        var url = $"ws://127.0.0.1:{host.HttpAddress.Port.ToString(CultureInfo.InvariantCulture)}/api/mqtt/";
        await using var node = PeerProcess.Start("node", MqttRepoPaths.Peer("mqttjs-ws.cjs"), MqttRepoPaths.MqttJsPackage, url,
            MqttTestHost.ViewerKey, "placeos/org-test/state/#");
        await node.WaitForLineAsync("\"event\":\"subscribed\"", "MQTT.js to connect over the websocket and subscribe");

        await host.SetValueAsync("sys-a", "power", 5);

        var line = await node.WaitForLineAsync($"\"topic\":\"{SysA("power")}\"", "the power change at MQTT.js");
        Assert.Contains("\\\"value\\\":5", line);
    }

    [Fact]
    public async Task The_websocket_endpoint_explains_itself_to_a_plain_http_request()
    {
        await using var host = await MqttTestHost.StartAsync(OneModule + EmbeddedOnPortZero);
        using var http = new HttpClient { BaseAddress = host.HttpAddress };

        using var response = await http.GetAsync("/api/mqtt/").WithTimeout("GET /api/mqtt/");

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("MQTT over websocket: open a websocket here with subprotocol 'mqtt'", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Without_a_known_api_key_the_embedded_broker_refuses_the_connection()
    {
        await using var host = await MqttTestHost.StartAsync(OneModule + EmbeddedOnPortZero);
        await using var client = new MqttClient(new MqttClientOptions { Host = "127.0.0.1", Port = host.EmbeddedPort, Username = "x", Password = "not-a-key-at-all-0000" });

        var refused = await Assert.ThrowsAsync<MqttConnectionRefusedException>(() => client.ConnectAsync().WithTimeout("the CONNACK"));

        Assert.Equal(MqttReasonCode.BadUserNameOrPassword, refused.ReasonCode);
    }

    [Fact]
    public async Task A_user_role_client_subscribes_but_its_publish_is_refused_with_not_authorized_while_an_admin_may_publish()
    {
        await using var host = await MqttTestHost.StartAsync(OneModule + EmbeddedOnPortZero);
        await using var reader = await MosquittoSubscriber.StartAsync(host.EmbeddedPort, ["notes/#"], MqttTestHost.ViewerKey);
        await using var viewer = new MqttClient(new MqttClientOptions { Host = "127.0.0.1", Port = host.EmbeddedPort, Username = "viewer", Password = MqttTestHost.ViewerKey });
        await using var admin = new MqttClient(new MqttClientOptions { Host = "127.0.0.1", Port = host.EmbeddedPort, Username = "admin", Password = MqttTestHost.AdminKey });
        await viewer.ConnectAsync().WithTimeout("the viewer to connect (MQTT 5)");
        await admin.ConnectAsync().WithTimeout("the admin to connect (MQTT 5)");

        Assert.Equal(MqttReasonCode.GrantedQoS1, await viewer.SubscribeAsync("placeos/#", MqttQualityOfService.AtLeastOnce).WithTimeout("the viewer's SUBACK"));
        var denied = await viewer.PublishAsync(Message("notes/a", "forged"), CancellationToken.None).WithTimeout("the PUBACK of the viewer's publish");
        var allowed = await admin.PublishAsync(Message("notes/a", "real"), CancellationToken.None).WithTimeout("the PUBACK of the admin's publish");

        Assert.Equal(MqttReasonCode.NotAuthorized, denied);
        Assert.Equal(MqttReasonCode.Success, allowed);
        Assert.Equal("real", (await reader.NextAsync("the admin's message, the viewer's never routed")).Payload);
    }

    [Fact]
    public async Task A_user_role_client_on_mqtt_311_is_disconnected_when_it_publishes()
    {
        await using var host = await MqttTestHost.StartAsync(OneModule + EmbeddedOnPortZero);
        await using var reader = await MosquittoSubscriber.StartAsync(host.EmbeddedPort, ["notes/#"], MqttTestHost.ViewerKey);

        await using var publisher = PeerProcess.Start("mosquitto_pub", "-h", "127.0.0.1", "-p", host.EmbeddedPort.ToString(CultureInfo.InvariantCulture),
            "-V", "mqttv311", "-u", "viewer", "-P", MqttTestHost.ViewerKey, "-t", "notes/a", "-m", "forged", "-q", "1", "-d");
        var exit = await publisher.WaitForExitAsync("mosquitto_pub to be cut off");

        Assert.NotEqual(0, exit);
        Assert.DoesNotContain("received PUBACK", publisher.Output, StringComparison.Ordinal);
        await using var admin = new MqttClient(new MqttClientOptions { Host = "127.0.0.1", Port = host.EmbeddedPort, Username = "admin", Password = MqttTestHost.AdminKey });
        await admin.ConnectAsync().WithTimeout("the admin to connect");
        await admin.PublishAsync(Message("notes/a", "real"), CancellationToken.None).WithTimeout("the admin's publish");
        Assert.Equal("real", (await reader.NextAsync("the admin's message, the viewer's never routed")).Payload);
    }

    private static MqttApplicationMessage Message(string topic, string text) => new()
    {
        Topic = topic,
        Payload = System.Text.Encoding.UTF8.GetBytes(text),
        QualityOfService = MqttQualityOfService.AtLeastOnce,
    };
}
