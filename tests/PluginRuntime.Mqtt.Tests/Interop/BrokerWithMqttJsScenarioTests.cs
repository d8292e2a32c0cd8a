using System.Text.Json;
using PluginRuntime.Mqtt.Tests.Support;

namespace PluginRuntime.Mqtt.Tests.Interop;

/// <summary>
/// MQTT.js clients (npm package mqtt, a second independent implementation) talking to each other through our
/// broker: QoS 0/1/2, retained, will on abrupt disconnect, persistent session resume, MQTT 5 subscription options.
/// </summary>
public sealed class BrokerWithMqttJsScenarioTests
{
    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task Each_qos_is_delivered_at_the_qos_it_was_published_with(MqttProtocolVersion version)
    {
        var results = await RunAsync(version, "qos");
        Assert.Equal([("js/q/0", "at-0", 0), ("js/q/1", "at-1", 1), ("js/q/2", "at-2", 2)],
            results.Select(r => (Text(r, "topic"), Text(r, "payload"), r.GetProperty("qos").GetInt32())));
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task A_retained_message_reaches_a_later_subscriber_flagged_retained(MqttProtocolVersion version)
    {
        var result = Assert.Single(await RunAsync(version, "retained"));
        Assert.Equal(("js/r", "kept", true), (Text(result, "topic"), Text(result, "payload"), result.GetProperty("retain").GetBoolean()));
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task The_will_of_a_client_that_vanishes_is_published(MqttProtocolVersion version)
    {
        var result = Assert.Single(await RunAsync(version, "will"));
        Assert.Equal(("js/will", "gone"), (Text(result, "topic"), Text(result, "payload")));
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task A_persistent_session_resumes_with_the_message_published_while_away(MqttProtocolVersion version)
    {
        var result = Assert.Single(await RunAsync(version, "session"));
        Assert.True(result.GetProperty("sessionPresent").GetBoolean(), "the broker should report the kept session");
        Assert.Equal(("js/s", "while-away", 1), (Text(result, "topic"), Text(result, "payload"), result.GetProperty("qos").GetInt32()));
    }

    [Fact]
    public async Task Mqtt5_no_local_and_retain_handling_are_honoured()
    {
        var results = await RunAsync(MqttProtocolVersion.V500, "v5options");
        Assert.Equal([("no_local", "others"), ("retain_handling", "live")], results.Select(r => (Text(r, "option"), Text(r, "payload"))));
    }

    private static async Task<List<JsonElement>> RunAsync(MqttProtocolVersion version, string scenario)
    {
        await using var broker = await BrokerFixture.StartAsync();
        await using var peer = MqttJs.StartScenario(broker.Port, version, scenario);
        await peer.WaitForLineAsync("\"event\":\"done\"", $"MQTT.js to finish the '{scenario}' scenario ({version})");
        return peer.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => line.Contains("\"event\":\"result\"", StringComparison.Ordinal))
            .Select(line => JsonDocument.Parse(line).RootElement.Clone())
            .ToList();
    }

    private static string? Text(JsonElement element, string name) => element.GetProperty(name).GetString();
}
