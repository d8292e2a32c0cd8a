using System.Text.Json;
using BenchmarkDotNet.Attributes;
using PluginRuntime.Core.Exec;

namespace PluginRuntime.Benchmarks;

/// <summary>
/// Exec of a small method through the engine's exec service: resolve <c>sys</c> + <c>Bench_1</c>, check clearance,
/// bind JSON args, call through the invoker (with its timeout), serialise the result. Target: under 5 µs.
/// </summary>
[MemoryDiagnoser]
public class ExecDispatchBenchmarks
{
    private BenchEngine _engine = null!;
    private JsonElement _args;

    [GlobalSetup]
    public void Setup()
    {
        _engine = BenchEngine.Start();
        _args = JsonDocument.Parse("[1, 2]").RootElement.Clone();
    }

    [Benchmark]
    public async Task<int> ExecSmallMethod()
    {
        var result = await _engine.Exec.ExecAsync(BenchEngine.SystemId, "Bench", 1, "add", _args, Caller.Internal, CancellationToken.None);
        return result.IsSuccess ? result.Json!.Length : throw new InvalidOperationException(result.Error);
    }
}
