using System.Globalization;
using System.Net;
using PluginRuntime.Mqtt.Broker;
using PluginRuntime.MqttBench;

// One run compares the embedded broker with mosquitto on the same machine, with the same load client:
//   dotnet run -c Release --project tests/PluginRuntime.MqttBench -- [--duration <seconds per run>] [--payload <bytes>]
var duration = TimeSpan.FromSeconds(Option("--duration", 3));
var payload = (int)Option("--payload", 64);
if (payload < 8)
{
    Console.Error.WriteLine("--payload must be at least 8 bytes (the send timestamp).");
    return 2;
}

// Latency is measured at a paced rate both brokers sustain (10,000 deliveries/s with 50 subscribers).
(int Qos, int Subscribers, double PacedRate)[] scenarios = [(0, 1, 5_000), (1, 1, 5_000), (0, 50, 200), (1, 50, 200)];
var results = new List<(BenchResult Throughput, BenchResult Latency)>();
var run = 0;

async Task MeasureAsync(string broker, int port)
{
    // Warm-up so the JIT's tiering doesn't count against the first scenario.
    await BenchRunner.RunAsync("warm-up", port, 1, 1, TimeSpan.FromSeconds(1), payload, run++);
    foreach (var (qos, subscribers, rate) in scenarios)
    {
        var throughput = await BenchRunner.RunAsync(broker, port, qos, subscribers, duration, payload, run++);
        var latency = await BenchRunner.RunAsync(broker, port, qos, subscribers, duration, payload, run++, rate);
        results.Add((throughput, latency));
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{broker} qos{qos} x{subscribers}: {throughput.DeliveredPerSecond:N0} delivered/s (loss {throughput.LossPercent:0.0}%), p99 {Ms(latency.P99Microseconds)} at {rate:N0} msg/s"));
    }
}

await using (var embedded = new MqttBroker(new MqttBrokerOptions { Endpoint = new IPEndPoint(IPAddress.Loopback, 0) }))
{
    await embedded.StartAsync();
    await MeasureAsync("embedded", embedded.Port);
}
await using (var mosquitto = await MosquittoProcess.StartAsync())
{
    await MeasureAsync("mosquitto", mosquitto.Port);
}

Console.WriteLine($"MQTT 3.1.1, one topic, {payload} B payloads, {duration.TotalSeconds:0} s per run, {Environment.ProcessorCount} cores");
Console.WriteLine();
Console.WriteLine("| broker | QoS | subscribers | saturated: published msg/s | saturated: delivered msg/s | saturated: loss | paced: msg/s published | paced: p50 | paced: p99 |");
Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
foreach (var (t, l) in results)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {t.Broker} | {t.Qos} | {t.Subscribers} | {t.PublishedPerSecond:N0} | {t.DeliveredPerSecond:N0} | {t.LossPercent:0.0}% | {l.Rate:N0} | {Ms(l.P50Microseconds)} | {Ms(l.P99Microseconds)} |"));
}
Console.WriteLine();
Console.WriteLine("| QoS | subscribers | delivered msg/s: embedded / mosquitto | paced p99: embedded / mosquitto |");
Console.WriteLine("| ---: | ---: | ---: | ---: |");
foreach (var (qos, subscribers, _) in scenarios)
{
    var ours = results.Single(r => r.Throughput.Broker == "embedded" && r.Throughput.Qos == qos && r.Throughput.Subscribers == subscribers);
    var theirs = results.Single(r => r.Throughput.Broker == "mosquitto" && r.Throughput.Qos == qos && r.Throughput.Subscribers == subscribers);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {qos} | {subscribers} | {ours.Throughput.DeliveredPerSecond / theirs.Throughput.DeliveredPerSecond:0.00}x | {ours.Latency.P99Microseconds / theirs.Latency.P99Microseconds:0.00}x |"));
}
return 0;

double Option(string name, double fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? double.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
}

static string Ms(double microseconds) => string.Create(CultureInfo.InvariantCulture, $"{microseconds / 1000:0.00} ms");
