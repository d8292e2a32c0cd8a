using PluginRuntime.Sdk;

namespace PluginRuntime.Benchmarks;

/// <summary>A driver with the smallest possible methods, so the benchmarks measure the runtime, not the driver.</summary>
[Driver("Bench", DefaultModuleName = "Bench")]
public sealed class BenchDriver : Driver
{
    public int Add(int a, int b) => a + b;

    public bool WritePower(bool on) => SetStatus("power", on);

    public bool WriteLevel(int level) => SetStatus("level", level);
}
