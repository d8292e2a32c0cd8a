namespace PluginRuntime.MqttBench;

/// <summary>
/// Latencies in 1 µs buckets up to one second (later ones count in the last bucket): fixed memory however many
/// messages arrive, so recording never allocates on a subscriber's receive loop. Not thread-safe: one per subscriber.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int Buckets = 1_000_000;
    private readonly int[] _counts = new int[Buckets];

    public long Count { get; private set; }

    public void Record(double microseconds)
    {
        var bucket = microseconds < 0 ? 0 : microseconds >= Buckets - 1 ? Buckets - 1 : (int)microseconds;
        _counts[bucket]++;
        Count++;
    }

    public void Add(LatencyHistogram other)
    {
        for (var i = 0; i < Buckets; i++)
        {
            _counts[i] += other._counts[i];
        }
        Count += other.Count;
    }

    /// <summary>The latency below which <paramref name="fraction"/> of the messages arrived, in µs.</summary>
    public double Percentile(double fraction)
    {
        if (Count == 0)
        {
            return double.NaN;
        }
        var rank = (long)Math.Ceiling(fraction * Count);
        long seen = 0;
        for (var i = 0; i < Buckets; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return i + 1;
            }
        }
        return Buckets;
    }
}
