using System.Collections.Concurrent;
using PluginRuntime.Mqtt.Client;
using PluginRuntime.Mqtt.Tests.Support;

namespace PluginRuntime.Mqtt.Tests.Client;

public sealed class ConcurrencyTests
{
    [Theory]
    [InlineData(MqttQualityOfService.AtLeastOnce)]
    [InlineData(MqttQualityOfService.ExactlyOnce)]
    public async Task Concurrent_publishers_through_our_broker_lose_nothing_and_keep_each_publishers_order(MqttQualityOfService qos)
    {
        const int Publishers = 6;
        const int PerPublisher = 150;
        await using var broker = await BrokerFixture.StartAsync();
        await using var subscriber = new MqttClient(new MqttClientOptions { Host = "127.0.0.1", Port = broker.Port, ClientId = "counter" });
        var seen = new ConcurrentQueue<(int Publisher, int Sequence)>();
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        subscriber.MessageReceived += (_, e) =>
        {
            var parts = e.Message.PayloadAsString().Split(':');
            seen.Enqueue((int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture)));
            if (seen.Count == Publishers * PerPublisher)
                all.TrySetResult();
        };
        await Within.Await(subscriber.ConnectAsync(), "the subscriber to connect");
        await Within.Await(subscriber.SubscribeAsync("load/#", qos), "SUBACK");

        var publishers = Enumerable.Range(0, Publishers).Select(async p =>
        {
            await using var client = new MqttClient(new MqttClientOptions
            {
                Host = "127.0.0.1",
                Port = broker.Port,
                ClientId = "pub-" + p,
                ProtocolVersion = p % 2 == 0 ? MqttProtocolVersion.V500 : MqttProtocolVersion.V311,
            });
            await client.ConnectAsync();
            // Fire all at once: ordering must come from the client's single queue, not from awaiting each one.
            var sends = Enumerable.Range(0, PerPublisher).Select(i => client.PublishAsync(new MqttApplicationMessage
            {
                Topic = $"load/{p}",
                Payload = Some.Bytes($"{p}:{i}"),
                QualityOfService = qos,
            })).ToList();
            await Task.WhenAll(sends);
        }).ToList();

        await Within.Await(Task.WhenAll(publishers), "every publisher to have all messages acknowledged", TimeSpan.FromSeconds(30));
        await Within.Await(all.Task, $"{Publishers * PerPublisher} messages at the subscriber (got {seen.Count})", TimeSpan.FromSeconds(30));

        var messages = seen.ToList();
        Assert.Equal(Publishers * PerPublisher, messages.Distinct().Count());
        foreach (var group in messages.GroupBy(m => m.Publisher))
            Assert.Equal(Enumerable.Range(0, PerPublisher), group.Select(m => m.Sequence));
    }
}
