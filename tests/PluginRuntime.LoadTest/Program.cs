using PluginRuntime.LoadTest;

// Load tool for the control websocket (issue 3 targets): exec p50 < 150 µs with one client, ≥ 50,000 exec/s with 64,
// bind fan-out ≥ 300,000 notifications/s to 100 clients, bounded memory for a stalled client.
// Usage: dotnet run -c Release --project tests/PluginRuntime.LoadTest [-- --seconds 5 --changes 1000000 --exec-only | --fanout-only]
int seconds = ArgValue(args, "--seconds", 5);
int changes = ArgValue(args, "--changes", 1_000_000);
bool execOnly = args.Contains("--exec-only");
bool fanOutOnly = args.Contains("--fanout-only");

await using var host = await LoadHost.StartAsync();
Console.WriteLine($"Runtime on {host.Control} ({Environment.ProcessorCount} cores, .NET {Environment.Version}); client and server share the machine.");
Console.WriteLine();
Console.WriteLine("| scenario | clients | measured | rate | p50 | p99 |");
Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
if (!fanOutOnly)
{
    Console.WriteLine(await ExecScenario.RunAsync(host, 1, TimeSpan.FromSeconds(seconds)));
    Console.WriteLine(await ExecScenario.RunAsync(host, 64, TimeSpan.FromSeconds(seconds)));
}
if (!execOnly)
{
    Console.WriteLine(await FanOutScenario.RunAsync(host, 100, changes));
    Console.WriteLine(await FanOutScenario.RunPacedAsync(host, 100, seconds * 1000, 2));
}
if (!execOnly && !fanOutOnly)
{
    Console.WriteLine(await StalledClientScenario.RunAsync(host, 1_000_000));
}
return 0;

static int ArgValue(string[] args, string name, int fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out int value) ? value : fallback;
}
