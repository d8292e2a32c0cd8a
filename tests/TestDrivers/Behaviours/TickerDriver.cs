using System.Diagnostics;
using PluginRuntime.Sdk;

namespace TestDrivers.Behaviours;

/// <summary>Changes one status as fast as it can, stamping each value, for fan-out load tests.</summary>
[Driver("Ticker", DefaultModuleName = "Ticker")]
public sealed class TickerDriver : Driver
{
    /// <summary>Writes <c>tick</c> = {n, t} <paramref name="count"/> times; t is a Stopwatch timestamp (same process only).</summary>
    public int Run(int count)
    {
        int start = GetStatus<Tick?>("tick")?.N ?? 0;
        for (int i = 1; i <= count; i++)
        {
            SetStatus("tick", new Tick(start + i, Stopwatch.GetTimestamp()));
        }
        return start + count;
    }

    /// <summary>
    /// Writes <c>tick</c> in <paramref name="bursts"/> bursts of <paramref name="perBurst"/> values with a ~1 ms sleep
    /// after each: a fast but steady source, for latency when the clients keep up. Returns the last tick number.
    /// </summary>
    public int RunPaced(int bursts, int perBurst)
    {
        int n = GetStatus<Tick?>("tick")?.N ?? 0;
        for (int b = 0; b < bursts; b++)
        {
            for (int i = 0; i < perBurst; i++)
            {
                SetStatus("tick", new Tick(++n, Stopwatch.GetTimestamp()));
            }
            Thread.Sleep(1);
        }
        return n;
    }

    /// <summary>Returns its argument: the smallest useful exec.</summary>
    public string Echo(string text) => text;
}

/// <summary>One tick: its number and when it was written.</summary>
public sealed record Tick(int N, long T);
