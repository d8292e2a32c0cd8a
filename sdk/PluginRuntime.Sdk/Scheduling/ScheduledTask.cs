namespace PluginRuntime.Sdk.Scheduling;

/// <summary>
/// One schedule: waits on a timer for its next slot, runs the callback through the host's invoker, and only then
/// works out the slot after, so a run never overlaps the next one.
/// </summary>
internal sealed class ScheduledTask : IScheduledTask
{
    // ITimer.Change refuses delays over about 49.7 days; a longer wait (a yearly cron) is made of hops this long.
    internal static readonly TimeSpan MaxTimerDelay = TimeSpan.FromDays(30);

    // Timers tick on a monotonic clock with millisecond (on Windows about 15 ms) resolution, while slots are
    // instants on the wall clock. A wake-up this close before its slot is the slot; one further before it is a hop
    // of a long wait, or the wall clock was set back, and the timer is armed again for the rest.
    private static readonly TimeSpan EarlyWakeTolerance = TimeSpan.FromMilliseconds(20);

    private readonly Scheduler _owner;
    private readonly Func<Task> _action;

    // Given the slot that just ran and the time now, the next slot (null for none). It skips slots already past, so
    // an overrunning run doesn't cause a burst of catch-up runs.
    private readonly Func<DateTimeOffset, DateTimeOffset, DateTimeOffset?> _next;

    private readonly Lock _gate = new();
    private ITimer? _timer;
    private DateTimeOffset? _nextRun;
    private bool _running;
    private bool _cancelled;

    public ScheduledTask(Scheduler owner, string member, Func<Task> action, Func<DateTimeOffset, DateTimeOffset, DateTimeOffset?> next)
    {
        _owner = owner;
        Member = member;
        _action = action;
        _next = next;
    }

    /// <summary>The name the invoker logs this schedule's runs under, e.g. <c>schedule:every 00:00:05</c>.</summary>
    public string Member { get; }

    public DateTimeOffset? NextRun
    {
        get
        {
            lock (_gate)
            {
                return _nextRun;
            }
        }
    }

    public bool IsCancelled
    {
        get
        {
            lock (_gate)
            {
                return _cancelled;
            }
        }
    }

    public void Dispose()
    {
        Cancel();
        _owner.Forget(this);
    }

    public override string ToString() => Member;

    internal void Start(DateTimeOffset? firstRun)
    {
        bool finished;
        lock (_gate)
        {
            if (_cancelled)
            {
                return;
            }
            finished = !Arm(firstRun);
        }
        if (finished)
        {
            Complete();
        }
    }

    internal void Cancel()
    {
        ITimer? timer;
        lock (_gate)
        {
            if (_cancelled)
            {
                return;
            }
            _cancelled = true;
            _nextRun = null;
            timer = _timer;
            _timer = null;
        }
        timer?.Dispose();
    }

    // Called with _gate held. Returns false when there is no slot, i.e. the schedule is over.
    private bool Arm(DateTimeOffset? slot)
    {
        _nextRun = slot;
        if (slot is not { } due)
        {
            return false;
        }

        var delay = due - _owner.Time.GetUtcNow();
        if (delay <= TimeSpan.Zero)
        {
            // Due already (runNow, a past At, a zero delay): start on the pool, as a real timer would, rather than
            // running driver code inside the call that made the schedule. A fake clock needn't advance for this.
            ThreadPool.QueueUserWorkItem(static task => task.OnDue(), this, preferLocal: false);
            return true;
        }

        _timer ??= _owner.Time.CreateTimer(
            static state => ((ScheduledTask)state!).OnDue(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _timer.Change(delay < MaxTimerDelay ? delay : MaxTimerDelay, Timeout.InfiniteTimeSpan);
        return true;
    }

    private void OnDue()
    {
        DateTimeOffset slot;
        lock (_gate)
        {
            // Running: a stale wake-up; the run in progress arms the next slot when it ends.
            if (_cancelled || _running || _nextRun is not { } due || _owner.Stopping.IsCancellationRequested)
            {
                return;
            }
            if (due - _owner.Time.GetUtcNow() > EarlyWakeTolerance)
            {
                Arm(due);
                return;
            }
            slot = due;
            _running = true;
            _nextRun = _next(slot, slot);
        }
        _ = RunAsync(slot);
    }

    private async Task RunAsync(DateTimeOffset slot)
    {
        var run = new RunState();
        try
        {
            await _owner.Invoke(Member, _ => ExecuteAsync(run, slot)).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The host's invoker catches and logs what driver code throws. If the invoker itself fails there is
            // nobody left to tell, and the schedule must go on.
        }

        // An invoker that never called us (it refused, or threw first) must not leave the schedule stuck.
        if (run.TryFinishWithoutEntering())
        {
            Finish(slot);
        }
    }

    private async Task ExecuteAsync(RunState run, DateTimeOffset slot)
    {
        if (!run.TryEnter())
        {
            return;
        }
        try
        {
            // The invoker may have held on to this past a cancel or the module stopping; nothing starts after that.
            if (IsCancelled || _owner.Stopping.IsCancellationRequested)
            {
                return;
            }
            await _action().ConfigureAwait(false);
        }
        finally
        {
            // Inside the invoked code, so the next slot is armed before the invoker reports the run finished: a
            // test that waits for the invoker and then advances a fake clock sees the timer in place.
            Finish(slot);
        }
    }

    private void Finish(DateTimeOffset slot)
    {
        bool finished;
        lock (_gate)
        {
            _running = false;
            if (_cancelled)
            {
                return;
            }
            finished = !Arm(_next(slot, _owner.Time.GetUtcNow()));
        }
        if (finished)
        {
            Complete();
        }
    }

    private void Complete()
    {
        ITimer? timer;
        lock (_gate)
        {
            timer = _timer;
            _timer = null;
        }
        timer?.Dispose();
        _owner.Forget(this);
    }

    // Whether the invoker called into this run, so that exactly one of ExecuteAsync and RunAsync finishes it, and a
    // second call from a misbehaving invoker doesn't run the callback twice.
    private sealed class RunState
    {
        private const int NotEntered = 0;
        private const int Entered = 1;
        private const int FinishedWithoutEntering = 2;

        private int _state;

        public bool TryEnter() => Interlocked.CompareExchange(ref _state, Entered, NotEntered) == NotEntered;

        public bool TryFinishWithoutEntering() =>
            Interlocked.CompareExchange(ref _state, FinishedWithoutEntering, NotEntered) == NotEntered;
    }
}
