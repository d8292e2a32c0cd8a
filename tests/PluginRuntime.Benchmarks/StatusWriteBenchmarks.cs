using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using PluginRuntime.Core.Modules;
using PluginRuntime.Core.State;
using PluginRuntime.Sdk.Hosting;

namespace PluginRuntime.Benchmarks;

/// <summary>
/// A driver writing status through the SDK into the host's state store, with one in-process subscriber on the
/// change feed. Subscribers are called inline by the writer, so the time of a changed write bounds the latency from
/// write to subscriber. Targets: an unchanged write allocates nothing; a change reaches the subscriber in under 5 µs.
/// </summary>
[MemoryDiagnoser]
public class StatusWriteBenchmarks
{
    private BenchDriver _driver = null!;
    private IDisposable _subscription = null!;
    private int _level;
    private long _received;

    [GlobalSetup]
    public void Setup()
    {
        var state = new StateStore(NullLogger<StateStore>.Instance);
        var context = new ModuleContext("mod-bench", state.For("mod-bench"), NullLogger.Instance, TimeProvider.System,
            CancellationToken.None, (_, action) => action(CancellationToken.None), system: null);
        _driver = new BenchDriver();
        DriverLifecycle.Attach(_driver, context);
        _subscription = state.Subscribe(_ => Interlocked.Increment(ref _received));
        _driver.WritePower(true);
    }

    [GlobalCleanup]
    public void Cleanup() => _subscription.Dispose();

    /// <summary>Writes the value the key already has: serialise, compare, no change, no notification.</summary>
    [Benchmark]
    public bool UnchangedWrite() => _driver.WritePower(true);

    /// <summary>Writes a new value: serialise, compare, store, notify the subscriber (inline).</summary>
    [Benchmark]
    public bool ChangedWriteReachesSubscriber() => _driver.WriteLevel(++_level);
}
