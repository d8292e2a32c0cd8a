namespace PluginRuntime.Mqtt.Tests.Support;

/// <summary>
/// Fake clock: time moves only on <see cref="Advance"/>, which fires due timers inline. Timer creation is
/// observable, so a test can wait until the code under test has actually scheduled something.
/// </summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private readonly object _lock = new();
    private readonly List<ManualTimer> _timers = [];
    private readonly Signal<TimeSpan> _scheduled = new();
    private long _now;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _now);

    public override DateTimeOffset GetUtcNow() => new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(GetTimestamp());

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        lock (_lock)
            _timers.Add(timer);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Waits until some timer is (re)scheduled with exactly <paramref name="dueTime"/>.</summary>
    public async Task WaitForTimerAsync(TimeSpan dueTime, string waitingFor)
    {
        while (await _scheduled.NextAsync(waitingFor) != dueTime)
        {
        }
    }

    public void Advance(TimeSpan by)
    {
        var target = GetTimestamp() + by.Ticks;
        while (true)
        {
            ManualTimer? next;
            lock (_lock)
                next = _timers.Where(t => t.DueAt is { } d && d <= target).MinBy(t => t.DueAt);
            if (next is null)
                break;
            Interlocked.Exchange(ref _now, Math.Max(GetTimestamp(), next.DueAt!.Value));
            next.Fire();
        }
        Interlocked.Exchange(ref _now, target);
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public long? DueAt { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            _period = period;
            DueAt = dueTime == Timeout.InfiniteTimeSpan ? null : owner.GetTimestamp() + dueTime.Ticks;
            owner._scheduled.Add(dueTime);
            return true;
        }

        public void Fire()
        {
            DueAt = _period is { Ticks: > 0 } p && p != Timeout.InfiniteTimeSpan ? DueAt + p.Ticks : null;
            callback(state);
        }

        public void Dispose()
        {
            DueAt = null;
            lock (owner._lock)
                owner._timers.Remove(this);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
