namespace PluginRuntime.Sdk.Commands;

/// <summary>How one attempt ended, with the driver's result or reason, or the send error.</summary>
internal readonly record struct AttemptResult(AttemptOutcome Outcome, object? Value = null, string? Reason = null, Exception? Error = null)
{
    public static AttemptResult TimedOut { get; } = new(AttemptOutcome.TimedOut);

    public static AttemptResult Stopped { get; } = new(AttemptOutcome.Stopped);

    public static AttemptResult RetryRequested { get; } = new(AttemptOutcome.RetryRequested);
}
