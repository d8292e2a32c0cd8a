using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace PluginRuntime.Benchmarks;

/// <summary>
/// Save→new-behaviour latency of a watched JavaScript/TypeScript driver, with the runtime's default debounce
/// (250 ms): from the file write until an exec answers with the new version. Run with
/// <c>dotnet run -c Release --project tests/PluginRuntime.Benchmarks -- node-reload [rounds]</c>.
/// Not a BenchmarkDotNet job: each round waits for a file watcher, which BenchmarkDotNet can't drive.
/// </summary>
internal static class NodeReloadMeasurement
{
    public static async Task RunAsync(int rounds)
    {
        foreach (bool typeScript in new[] { false, true })
        {
            await using var bench = await NodeBench.StartAsync(typeScript, watch: true);
            using var noArgs = JsonDocument.Parse("[]");
            var samples = new List<double>();
            for (int round = 1; round <= rounds; round++)
            {
                // An author takes longer than this between saves; it lets the warm spare process finish starting.
                await Task.Delay(TimeSpan.FromSeconds(3));
                string version = $"v{round}";
                var clock = Stopwatch.StartNew();
                File.WriteAllText(bench.ScriptPath, NodeBench.Script(version, typeScript));
                while (true)
                {
                    try
                    {
                        var answer = Encoding.UTF8.GetString(await bench.ExecAsync("which_version", noArgs.RootElement));
                        if (answer == $"\"{version}\"")
                        {
                            break;
                        }
                    }
                    catch (InvalidOperationException)
                    {
                        // The module is between its old and new instance for a moment during the swap.
                    }
                    if (clock.Elapsed > TimeSpan.FromSeconds(30))
                    {
                        throw new TimeoutException($"{version} never answered: {string.Join("; ", bench.Engine.DriverErrors.Values)}");
                    }
                    await Task.Delay(5);
                }
                samples.Add(clock.Elapsed.TotalMilliseconds);
            }
            samples.Sort();
            Console.WriteLine($"{(typeScript ? "TypeScript" : "JavaScript")} save -> new behaviour over {rounds} saves: " +
                $"min {samples[0]:0} ms, median {samples[samples.Count / 2]:0} ms, max {samples[^1]:0} ms (debounce 250 ms included)");
        }
    }
}
