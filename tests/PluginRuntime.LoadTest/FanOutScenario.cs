using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace PluginRuntime.LoadTest;

/// <summary>
/// Bind fan-out: many clients bind one status; the driver changes it as fast as it can; every client counts what it
/// receives (latest value wins for a client that falls behind, so delivered ≤ produced × clients) and measures
/// change→receive latency from the timestamp inside each value.
/// </summary>
internal static class FanOutScenario
{
    /// <summary>The status changes <paramref name="changes"/> times back to back: what the runtime delivers at saturation.</summary>
    public static Task<string> RunAsync(LoadHost host, int clients, int changes) =>
        MeasureAsync(host, clients, $"bind fan-out, as fast as it can ({changes:N0} changes)", changes,
            producer => ExecAsync(producer, "run", $"[{changes}]"));

    /// <summary>Bursts of a few changes each millisecond: latency when the clients keep up.</summary>
    public static Task<string> RunPacedAsync(LoadHost host, int clients, int bursts, int perBurst) =>
        MeasureAsync(host, clients, $"bind fan-out, paced ({perBurst} changes/ms for {bursts:N0} ms)", bursts * perBurst,
            producer => ExecAsync(producer, "run_paced", $"[{bursts},{perBurst}]"));

    private static async Task<string> MeasureAsync(LoadHost host, int clients, string label, int changes, Func<ControlClient, Task<int>> produce)
    {
        var connections = new List<ControlClient>();
        for (int i = 0; i < clients; i++)
        {
            var client = await ControlClient.ConnectAsync(host.Control, i, CancellationToken.None);
            await client.SendAsync($$"""{"id":"b{{i}}","cmd":"bind","sys":"{{LoadHost.SystemId}}","mod":"Ticker","index":1,"name":"tick"}""", CancellationToken.None);
            connections.Add(client);
        }
        var producer = await ControlClient.ConnectAsync(host.Control, clients, CancellationToken.None);
        int last = await RunTicksAsync(producer, 1); // a first value, so every binding has something before we measure
        var ready = connections.Select(c => WaitForTickAsync(c, last, null, null)).ToArray();
        await Task.WhenAll(ready).WaitAsync(TimeSpan.FromSeconds(30));

        var latencies = connections.Select(_ => new Latencies()).ToArray();
        var counts = new long[clients];
        var clock = Stopwatch.StartNew();
        var receivers = connections.Select((c, i) => WaitForTickAsync(c, last + changes, latencies[i], counts.AsMemory(i, 1))).ToArray();
        int final = await produce(producer);
        double producing = clock.Elapsed.TotalSeconds;
        await Task.WhenAll(receivers).WaitAsync(TimeSpan.FromSeconds(60));
        clock.Stop();

        var all = new Latencies();
        foreach (var l in latencies)
        {
            all.AddRange(l);
        }
        long delivered = counts.Sum();
        await producer.DisposeAsync();
        foreach (var connection in connections)
        {
            await connection.DisposeAsync();
        }
        if (final != last + changes)
        {
            throw new InvalidOperationException($"the ticker ended at {final}, not {last + changes}");
        }
        return $"| {label}, {changes / producing:N0} changes/s | {clients} | {delivered:N0} delivered | {delivered / clock.Elapsed.TotalSeconds:N0}/s | {all.PercentileMicroseconds(50):N0} µs | {all.PercentileMicroseconds(99):N0} µs |";
    }

    public static Task<int> RunTicksAsync(ControlClient producer, int count) => ExecAsync(producer, "run", $"[{count}]");

    private static async Task<int> ExecAsync(ControlClient producer, string method, string args)
    {
        await producer.SendAsync($$"""{"id":"run","cmd":"exec","sys":"{{LoadHost.SystemId}}","mod":"Ticker","index":1,"name":"{{method}}","args":{{args}}}""", CancellationToken.None);
        var reply = await producer.ReceiveAsync(CancellationToken.None);
        using var document = JsonDocument.Parse(reply);
        if (document.RootElement.GetProperty("type").GetString() != "success")
        {
            throw new InvalidOperationException("run failed: " + Encoding.UTF8.GetString(reply.Span));
        }
        return document.RootElement.GetProperty("value").GetInt32();
    }

    /// <summary>Reads until a notify with tick n ≥ <paramref name="target"/> arrives.</summary>
    public static async Task WaitForTickAsync(ControlClient client, int target, Latencies? latencies, Memory<long>? count)
    {
        while (true)
        {
            var message = await client.ReceiveAsync(CancellationToken.None);
            long received = Stopwatch.GetTimestamp();
            if (!TryReadTick(message.Span, out int n, out long t))
            {
                continue; // success replies
            }
            latencies?.Add(received - t);
            if (count is { } c)
            {
                c.Span[0]++;
            }
            if (n >= target)
            {
                return;
            }
        }
    }

    private static bool TryReadTick(ReadOnlySpan<byte> json, out int n, out long t)
    {
        n = 0;
        t = 0;
        var reader = new Utf8JsonReader(json);
        bool inValue = false, isNotify = false, haveN = false, haveT = false;
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.PropertyName)
            {
                continue;
            }
            if (reader.CurrentDepth == 1 && reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                isNotify = reader.ValueTextEquals("notify"u8);
            }
            else if (reader.CurrentDepth == 1)
            {
                inValue = reader.ValueTextEquals("value"u8);
            }
            else if (inValue && reader.CurrentDepth == 2 && reader.ValueTextEquals("n"u8))
            {
                reader.Read();
                n = reader.GetInt32();
                haveN = true;
            }
            else if (inValue && reader.CurrentDepth == 2 && reader.ValueTextEquals("t"u8))
            {
                reader.Read();
                t = reader.GetInt64();
                haveT = true;
            }
        }
        return isNotify && haveN && haveT;
    }
}
