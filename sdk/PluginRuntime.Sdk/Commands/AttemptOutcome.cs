namespace PluginRuntime.Sdk.Commands;

/// <summary>How one attempt at sending a command ended.</summary>
internal enum AttemptOutcome
{
    Completed,
    Failed,
    RetryRequested,
    TimedOut,
    SendFailed,
    Stopped,
}
