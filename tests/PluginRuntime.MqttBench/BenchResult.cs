namespace PluginRuntime.MqttBench;

/// <summary>One scenario on one broker: what was published, what arrived, and how fast.</summary>
internal sealed record BenchResult(
    string Broker,
    int Qos,
    int Subscribers,
    long Published,
    long Delivered,
    double Seconds,
    double P50Microseconds,
    double P99Microseconds,
    double? Rate)
{
    public double PublishedPerSecond => Published / Seconds;

    public double DeliveredPerSecond => Delivered / Seconds;

    /// <summary>Share of the expected deliveries (published × subscribers) that never arrived (QoS 0 may drop).</summary>
    public double LossPercent => Published == 0 ? 0 : 100.0 * (1 - (double)Delivered / (Published * (double)Subscribers));
}
