using System.Diagnostics;

namespace PluginRuntime.LoadTest;

/// <summary>Collects latencies (in Stopwatch ticks) and reports percentiles in microseconds.</summary>
internal sealed class Latencies
{
    private readonly List<long> _ticks = new(1 << 16);

    public int Count => _ticks.Count;

    public void Add(long ticks) => _ticks.Add(ticks);

    public void AddRange(Latencies other) => _ticks.AddRange(other._ticks);

    public double PercentileMicroseconds(double percentile)
    {
        if (_ticks.Count == 0)
        {
            return double.NaN;
        }
        _ticks.Sort();
        int index = Math.Clamp((int)Math.Ceiling(percentile / 100 * _ticks.Count) - 1, 0, _ticks.Count - 1);
        return _ticks[index] * 1_000_000.0 / Stopwatch.Frequency;
    }
}
