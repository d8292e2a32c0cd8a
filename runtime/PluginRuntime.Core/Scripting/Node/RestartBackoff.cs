namespace PluginRuntime.Core.Scripting.Node;

/// <summary>
/// Exponential backoff between restarts of a driver's Node.js process: <see cref="Initial"/>, doubled each failed
/// attempt, capped at <see cref="Max"/>; a process that stayed up for <see cref="ResetAfter"/> starts from the beginning.
/// </summary>
internal sealed record RestartBackoff
{
    public TimeSpan Initial { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan Max { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan ResetAfter { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The wait before restart attempt <paramref name="attempt"/> (1-based).</summary>
    public TimeSpan Delay(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        double ticks = Initial.Ticks * Math.Pow(2, Math.Min(attempt - 1, 30));
        return ticks >= Max.Ticks ? Max : TimeSpan.FromTicks((long)ticks);
    }
}
