using System.Text.Json;
using BenchmarkDotNet.Attributes;

namespace PluginRuntime.Benchmarks;

/// <summary>
/// Exec of a JavaScript driver's method through the engine: exec dispatch, one newline-delimited JSON request to the
/// driver's Node.js process over stdin, the method, the reply over stdout. Round trip: one call at a time.
/// Throughput: 64 calls in flight (the send loop batches them into few writes).
/// </summary>
[MemoryDiagnoser]
public class NodeScriptExecBenchmarks
{
    private const int InFlight = 64;
    private NodeBench _bench = null!;
    private JsonElement _args;

    [GlobalSetup]
    public void Setup()
    {
        _bench = NodeBench.StartAsync().GetAwaiter().GetResult();
        _args = JsonDocument.Parse("[1, 2]").RootElement.Clone();
    }

    [GlobalCleanup]
    public void Cleanup() => _bench.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark]
    public async Task<int> JsExecRoundTrip() => (await _bench.ExecAsync("add", _args)).Length;

    [Benchmark(OperationsPerInvoke = InFlight)]
    public async Task JsExecThroughput()
    {
        var calls = new Task<byte[]>[InFlight];
        for (int i = 0; i < InFlight; i++)
        {
            calls[i] = _bench.ExecAsync("add", _args);
        }
        await Task.WhenAll(calls);
    }
}
