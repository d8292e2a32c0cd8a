namespace PluginRuntime.Sdk.Tests.Commands;

/// <summary>
/// A clock that only moves when the test says so. Timers fire inside <see cref="Advance"/>, in due order.
/// <see cref="WaitForTimerAsync"/> lets a test wait until the code under test has armed the timer it expects,
/// instead of sleeping.
/// </summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<ManualTimer> _timers = [];
    private readonly List<(DateTimeOffset DueAt, TaskCompletionSource Armed)> _waiters = [];
    private DateTimeOffset _now = new(2025, 1, 1, 9, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Completes once a timer is armed to fire exactly <paramref name="dueIn"/> from now.</summary>
    public Task WaitForTimerAsync(TimeSpan dueIn)
    {
        lock (_gate)
        {
            var dueAt = _now + dueIn;
            if (_timers.Any(t => t.DueAt == dueAt))
            {
                return Task.CompletedTask;
            }
            var armed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((dueAt, armed));
            return armed.Task;
        }
    }

    /// <summary>Moves the clock forward, firing every timer that falls due on the way.</summary>
    public void Advance(TimeSpan by)
    {
        DateTimeOffset target;
        lock (_gate)
        {
            target = _now + by;
        }
        while (true)
        {
            ManualTimer? next;
            lock (_gate)
            {
                next = _timers.Where(t => t.DueAt <= target).OrderBy(t => t.DueAt).FirstOrDefault();
                if (next is null)
                {
                    _now = target;
                    return;
                }
                _now = next.DueAt!.Value;
                next.Rearm(_now);
            }
            next.Fire();
        }
    }

    private void Arm(ManualTimer timer, DateTimeOffset? dueAt)
    {
        var ready = new List<TaskCompletionSource>();
        lock (_gate)
        {
            timer.DueAt = dueAt;
            _timers.Remove(timer);
            if (dueAt is not { } at)
            {
                return;
            }
            _timers.Add(timer);
            _waiters.RemoveAll(w =>
            {
                if (w.DueAt != at)
                {
                    return false;
                }
                ready.Add(w.Armed);
                return true;
            });
        }
        ready.ForEach(r => r.TrySetResult());
    }

    private DateTimeOffset Now
    {
        get
        {
            lock (_gate)
            {
                return _now;
            }
        }
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public DateTimeOffset? DueAt { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            _period = period;
            owner.Arm(this, dueTime == Timeout.InfiniteTimeSpan ? null : owner.Now + dueTime);
            return true;
        }

        /// <summary>Called under the owner's lock when the timer fires: periodic timers move on, others disarm.</summary>
        public void Rearm(DateTimeOffset now)
        {
            owner._timers.Remove(this);
            DueAt = null;
            if (_period != Timeout.InfiniteTimeSpan && _period > TimeSpan.Zero)
            {
                DueAt = now + _period;
                owner._timers.Add(this);
            }
        }

        public void Fire() => callback(state);

        public void Dispose() => owner.Arm(this, null);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
