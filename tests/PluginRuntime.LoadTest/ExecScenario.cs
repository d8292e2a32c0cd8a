using System.Diagnostics;
using System.Text;

namespace PluginRuntime.LoadTest;

/// <summary>Exec round trips: each client sends an exec and waits for its reply, back to back, for a fixed time.</summary>
internal static class ExecScenario
{
    public static async Task<string> RunAsync(LoadHost host, int clients, TimeSpan duration)
    {
        var all = new Latencies();
        var stop = new CancellationTokenSource();
        var connections = new List<ControlClient>();
        for (int i = 0; i < clients; i++)
        {
            connections.Add(await ControlClient.ConnectAsync(host.Control, i, CancellationToken.None));
        }

        // Warm up (JIT, pools) before measuring.
        await Task.WhenAll(connections.Select(c => LoopAsync(c, TimeSpan.FromSeconds(1), null)));
        var perClient = connections.Select(_ => new Latencies()).ToArray();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(connections.Select((c, i) => LoopAsync(c, duration, perClient[i])));
        clock.Stop();
        foreach (var latencies in perClient)
        {
            all.AddRange(latencies);
        }
        foreach (var connection in connections)
        {
            await connection.DisposeAsync();
        }
        double perSecond = all.Count / clock.Elapsed.TotalSeconds;
        return $"| exec round trip | {clients} | {all.Count:N0} | {perSecond:N0}/s | {all.PercentileMicroseconds(50):N0} µs | {all.PercentileMicroseconds(99):N0} µs |";
    }

    private static async Task LoopAsync(ControlClient client, TimeSpan duration, Latencies? record)
    {
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        long id = 0;
        while (Stopwatch.GetTimestamp() < end)
        {
            id++;
            byte[] request = Encoding.UTF8.GetBytes(
                $$"""{"id":{{id}},"cmd":"exec","sys":"{{LoadHost.SystemId}}","mod":"Ticker","index":1,"name":"echo","args":["x"]}""");
            long start = Stopwatch.GetTimestamp();
            await client.SendAsync(request, CancellationToken.None);
            var reply = await client.ReceiveAsync(CancellationToken.None);
            record?.Add(Stopwatch.GetTimestamp() - start);
            if (id == 1 && reply.Span.IndexOf("\"success\""u8) < 0)
            {
                throw new InvalidOperationException("exec failed: " + Encoding.UTF8.GetString(reply.Span));
            }
        }
    }
}
