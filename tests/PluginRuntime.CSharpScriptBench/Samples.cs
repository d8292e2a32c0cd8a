using System.Diagnostics;
using System.Globalization;

namespace PluginRuntime.CSharpScriptBench;

/// <summary>Timings of one measurement, summarised as median and 90th percentile.</summary>
internal sealed class Samples(string name)
{
    private readonly List<double> _milliseconds = [];

    public void Add(TimeSpan elapsed) => _milliseconds.Add(elapsed.TotalMilliseconds);

    public T Time<T>(Func<T> action)
    {
        var clock = Stopwatch.StartNew();
        T result = action();
        Add(clock.Elapsed);
        return result;
    }

    public override string ToString()
    {
        var sorted = _milliseconds.Order().ToArray();
        double At(double q) => sorted[(int)Math.Min(sorted.Length - 1, Math.Ceiling(q * sorted.Length) - 1)];
        return string.Create(CultureInfo.InvariantCulture,
            $"{name,-58} n={sorted.Length,3}  median {At(0.5),8:0.0} ms  p90 {At(0.9),8:0.0} ms  min {sorted[0],8:0.0} ms");
    }
}
