namespace PluginRuntime.Sdk.Testing;

/// <summary>A timer on a <see cref="FakeTimeProvider"/>; its schedule is kept (and guarded) by the provider.</summary>
internal sealed class FakeTimer(FakeTimeProvider owner, TimerCallback callback, object? state) : ITimer
{
    // Read and written only under the provider's state lock.
    internal DateTimeOffset DueAt { get; set; }

    internal TimeSpan Period { get; set; } = Timeout.InfiniteTimeSpan;

    internal long Sequence { get; set; }

    internal bool IsDisposed { get; set; }

    public bool Change(TimeSpan dueTime, TimeSpan period) => owner.Change(this, dueTime, period);

    public void Dispose() => owner.Dispose(this);

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    internal void Fire() => callback(state);
}
