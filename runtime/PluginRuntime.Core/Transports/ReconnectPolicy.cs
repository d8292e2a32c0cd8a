namespace PluginRuntime.Core.Transports;

/// <summary>
/// How a transport (re)connects: exponential backoff between attempts, capped, with optional jitter so many modules
/// whose device went down together don't all reconnect in the same instant.
/// </summary>
internal sealed record ReconnectPolicy
{
    public static ReconnectPolicy Default { get; } = new();

    /// <summary>The wait before the first reconnect, and after each connection that was established and then lost.</summary>
    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between attempts.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Each failed attempt multiplies the wait by this.</summary>
    public double Multiplier { get; init; } = 2;

    /// <summary>
    /// The fraction (0 to 1) by which a wait may be randomly shortened. 0 makes the delays exact and repeatable.
    /// </summary>
    public double Jitter { get; init; } = 0.2;

    /// <summary>How long one connection attempt may take before it counts as failed.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long disposal waits for the peer to answer a close before it drops the connection.</summary>
    public TimeSpan CloseTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Throws a clear error for settings that can't work; transports call it before starting.</summary>
    public void Validate()
    {
        if (InitialDelay < TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(InitialDelay)} can't be negative (got {InitialDelay}).");
        }
        if (MaxDelay < InitialDelay)
        {
            throw new ArgumentException($"{nameof(MaxDelay)} ({MaxDelay}) can't be less than {nameof(InitialDelay)} ({InitialDelay}).");
        }
        if (!(Multiplier >= 1))
        {
            throw new ArgumentException($"{nameof(Multiplier)} must be at least 1 (got {Multiplier}).");
        }
        if (!(Jitter is >= 0 and <= 1))
        {
            throw new ArgumentException($"{nameof(Jitter)} must be between 0 and 1 (got {Jitter}).");
        }
        if (ConnectTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(ConnectTimeout)} must be positive (got {ConnectTimeout}).");
        }
        if (CloseTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(CloseTimeout)} must be positive (got {CloseTimeout}).");
        }
    }

    /// <summary>The wait after <paramref name="failures"/> failed attempts in a row (0 for the first).</summary>
    /// <param name="failures">Failed attempts so far.</param>
    /// <param name="random">A number in [0, 1) that picks the jitter; irrelevant when <see cref="Jitter"/> is 0.</param>
    public TimeSpan GetDelay(int failures, double random)
    {
        // In doubles, so a long outage saturates at MaxDelay instead of overflowing.
        var backoff = InitialDelay.TotalMilliseconds * Math.Pow(Multiplier, Math.Max(0, failures));
        var capped = Math.Min(backoff, MaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (1 - Jitter * random));
    }
}
