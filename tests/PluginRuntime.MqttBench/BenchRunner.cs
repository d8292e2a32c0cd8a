using System.Buffers.Binary;
using System.Diagnostics;
using PluginRuntime.Mqtt;
using PluginRuntime.Mqtt.Client;

namespace PluginRuntime.MqttBench;

/// <summary>
/// One scenario: N subscribers and one publisher (all the project's <see cref="MqttClient"/>, MQTT 3.1.1) on one
/// topic, for a fixed time. Without a rate the publisher sends as fast as the broker takes messages (keeping up to
/// <see cref="Window"/> publishes unacknowledged): that measures throughput, counting deliveries from the first
/// publish to the last arrival. With a rate it is paced, so latency is measured below saturation rather than as
/// the depth of a queue. Each payload carries its send timestamp; subscribers record end-to-end latency.
/// </summary>
internal static class BenchRunner
{
    private const int Window = 100;

    public static async Task<BenchResult> RunAsync(string broker, int port, int qos, int subscribers, TimeSpan duration, int payloadSize, int run, double? rate = null)
    {
        var topic = $"bench/{run}";
        var quality = (MqttQualityOfService)qos;
        var histograms = new LatencyHistogram[subscribers];
        var clients = new List<MqttClient>();
        long delivered = 0;
        long lastArrival = 0;
        try
        {
            for (var i = 0; i < subscribers; i++)
            {
                var histogram = histograms[i] = new LatencyHistogram();
                var client = Client(port, $"sub-{run}-{i}");
                client.MessageReceived += (_, e) =>
                {
                    var now = Stopwatch.GetTimestamp();
                    var sent = BinaryPrimitives.ReadInt64LittleEndian(e.Message.Payload.Span);
                    histogram.Record(Stopwatch.GetElapsedTime(sent, now).TotalMicroseconds);
                    Interlocked.Increment(ref delivered);
                    Volatile.Write(ref lastArrival, now);
                };
                clients.Add(client);
                await client.ConnectAsync();
                await client.SubscribeAsync(topic, quality);
            }
            var publisher = Client(port, $"pub-{run}");
            clients.Add(publisher);
            await publisher.ConnectAsync();

            var pending = new Queue<Task<MqttReasonCode>>();
            long published = 0;
            var start = Stopwatch.GetTimestamp();
            var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
            while (Stopwatch.GetTimestamp() < end)
            {
                if (rate is { } perSecond && published >= Stopwatch.GetElapsedTime(start).TotalSeconds * perSecond)
                {
                    await Task.Delay(1);
                    continue;
                }
                var payload = new byte[payloadSize];
                BinaryPrimitives.WriteInt64LittleEndian(payload, Stopwatch.GetTimestamp());
                pending.Enqueue(publisher.PublishAsync(new MqttApplicationMessage { Topic = topic, Payload = payload, QualityOfService = quality }));
                published++;
                if (pending.Count >= Window)
                {
                    await pending.Dequeue();
                }
            }
            await Task.WhenAll(pending);

            // Drain: wait until everything expected arrived, or until nothing arrived for half a second (QoS 0 may drop).
            var expected = published * subscribers;
            var idleSince = Stopwatch.GetTimestamp();
            var seen = Interlocked.Read(ref delivered);
            while (seen < expected && Stopwatch.GetElapsedTime(idleSince).TotalMilliseconds < 500)
            {
                await Task.Delay(10);
                var now = Interlocked.Read(ref delivered);
                if (now != seen)
                {
                    seen = now;
                    idleSince = Stopwatch.GetTimestamp();
                }
            }
            var seconds = Stopwatch.GetElapsedTime(start, Math.Max(Volatile.Read(ref lastArrival), end)).TotalSeconds;
            var merged = new LatencyHistogram();
            foreach (var histogram in histograms)
            {
                merged.Add(histogram);
            }
            return new BenchResult(broker, qos, subscribers, published, Interlocked.Read(ref delivered), seconds, merged.Percentile(0.50), merged.Percentile(0.99), rate);
        }
        finally
        {
            foreach (var client in clients)
            {
                try
                {
                    await client.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));
                }
                catch (Exception ex) when (ex is TimeoutException or ObjectDisposedException or IOException)
                {
                }
            }
        }
    }

    private static MqttClient Client(int port, string clientId) => new(new MqttClientOptions
    {
        Host = "127.0.0.1",
        Port = port,
        ClientId = clientId,
        ProtocolVersion = MqttProtocolVersion.V311,
        AutoReconnect = false,
        KeepAlive = TimeSpan.FromSeconds(60),
    });
}
