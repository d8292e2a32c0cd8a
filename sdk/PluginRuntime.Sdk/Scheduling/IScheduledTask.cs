namespace PluginRuntime.Sdk.Scheduling;

/// <summary>A schedule made with <see cref="Scheduler"/>. Dispose it to cancel it; a run in progress finishes.</summary>
public interface IScheduledTask : IDisposable
{
    /// <summary>
    /// When the callback is next due, or null when it won't run again (cancelled, or a one-off that has run). While a
    /// run is in progress this is the following slot; if the run overruns it, the slots it missed are skipped and this
    /// moves to the first one still ahead.
    /// </summary>
    DateTimeOffset? NextRun { get; }

    /// <summary>
    /// True once the schedule is cancelled: disposed, <see cref="Scheduler.CancelAll"/> was called, or the module is
    /// stopping. A one-off that ran normally is not cancelled.
    /// </summary>
    bool IsCancelled { get; }
}
