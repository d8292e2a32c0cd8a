namespace PluginRuntime.Sdk.Testing;

/// <summary>
/// A <see cref="TimeProvider"/> whose clock moves only when the test says so, so that schedules, timeouts and
/// backoffs run deterministically and instantly.
/// </summary>
/// <remarks>
/// <para>
/// Timers created here fire only inside <see cref="Advance"/> or <see cref="SetUtcNow"/>, synchronously on the
/// calling thread, in the order they fall due; while a callback runs, <see cref="GetUtcNow"/> is that timer's due
/// time. A timer that is already due (a zero due time) fires on the next advance, which may be
/// <c>Advance(TimeSpan.Zero)</c>; it never fires on another thread, unlike a real timer.
/// </para>
/// <para>
/// All members are thread-safe. Concurrent advances run one after the other; a timer callback may itself advance.
/// An exception thrown by a timer callback propagates out of the advance (the clock stays at that timer's due time,
/// and the next advance carries on from there), so the test fails where the failure happened.
/// </para>
/// </remarks>
public sealed class FakeTimeProvider : TimeProvider
{
    /// <summary>Where a provider created without a start time starts: 2026-01-01T00:00:00Z.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // The real Timer refuses longer due times and periods; refusing them here too means a test catches what
    // production would throw.
    private static readonly TimeSpan MaxTimerTime = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    private readonly Lock _state = new();

    // Held for a whole advance so that concurrent advances don't interleave their callbacks. Lock is re-entrant,
    // so a callback that advances the clock itself doesn't deadlock.
    private readonly Lock _advancing = new();

    private readonly List<FakeTimer> _scheduled = [];
    private DateTimeOffset _now;
    private TimeZoneInfo _localTimeZone = TimeZoneInfo.Utc;
    private long _sequence;

    /// <summary>Creates a provider whose clock reads <see cref="DefaultStart"/>.</summary>
    public FakeTimeProvider()
        : this(DefaultStart)
    {
    }

    /// <summary>Creates a provider whose clock reads <paramref name="start"/>.</summary>
    /// <param name="start">The initial time; kept as the same instant in UTC.</param>
    public FakeTimeProvider(DateTimeOffset start)
    {
        _now = start.ToUniversalTime();
        Start = _now;
    }

    /// <summary>The time the provider was created with (in UTC).</summary>
    public DateTimeOffset Start { get; }

    /// <summary>How many timers are waiting to fire: created or changed with a finite due time, not yet fired (for
    /// one-shot timers), not stopped with <see cref="Timeout.InfiniteTimeSpan"/> and not disposed.</summary>
    public int ActiveTimers
    {
        get
        {
            lock (_state)
            {
                return _scheduled.Count;
            }
        }
    }

    /// <summary>The zone returned by <see cref="LocalTimeZone"/>; UTC unless changed with <see cref="SetLocalTimeZone"/>.</summary>
    public override TimeZoneInfo LocalTimeZone
    {
        get
        {
            lock (_state)
            {
                return _localTimeZone;
            }
        }
    }

    /// <summary>
    /// Ticks per second of <see cref="GetTimestamp"/>: the fake timestamp counts <see cref="TimeSpan"/> ticks, so
    /// <see cref="TimeProvider.GetElapsedTime(long, long)"/> agrees exactly with <see cref="GetUtcNow"/>.
    /// </summary>
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <summary>The fake current time, in UTC.</summary>
    public override DateTimeOffset GetUtcNow()
    {
        lock (_state)
        {
            return _now;
        }
    }

    /// <summary>The fake current time as a timestamp: the UTC ticks of <see cref="GetUtcNow"/>.</summary>
    public override long GetTimestamp()
    {
        lock (_state)
        {
            return _now.UtcTicks;
        }
    }

    /// <summary>Changes what <see cref="LocalTimeZone"/> returns (it is a get-only override, hence a method).</summary>
    /// <param name="zone">The new local zone.</param>
    public void SetLocalTimeZone(TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        lock (_state)
        {
            _localTimeZone = zone;
        }
    }

    /// <summary>
    /// Moves the clock forward by <paramref name="delta"/>, firing every timer that falls due on the way, each at its
    /// due time and in chronological order (a periodic timer fires once per period that elapses).
    /// </summary>
    /// <param name="delta">How far to move; zero fires the timers that are already due.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delta"/> is negative.</exception>
    public void Advance(TimeSpan delta)
    {
        if (delta < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(delta), delta,
                "A fake clock only moves forward; pass a positive TimeSpan (or zero to fire timers that are already due).");
        }
        using (_advancing.EnterScope())
        {
            AdvanceTo(GetUtcNow() + delta);
        }
    }

    /// <summary>Moves the clock forward to <paramref name="value"/>, firing timers as <see cref="Advance"/> does.</summary>
    /// <param name="value">The new time; not before the current one.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is before the current time.</exception>
    public void SetUtcNow(DateTimeOffset value)
    {
        using (_advancing.EnterScope())
        {
            var now = GetUtcNow();
            if (value < now)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value,
                    $"A fake clock only moves forward; it reads {now:O}. Create a new FakeTimeProvider to start earlier.");
            }
            AdvanceTo(value);
        }
    }

    /// <summary>
    /// Creates a timer on the fake clock. It honours <see cref="ITimer.Change"/> (including
    /// <see cref="Timeout.InfiniteTimeSpan"/> to stop it), periods and disposal, and fires only inside
    /// <see cref="Advance"/> and <see cref="SetUtcNow"/>.
    /// </summary>
    /// <param name="callback">Called each time the timer fires.</param>
    /// <param name="state">Passed to <paramref name="callback"/>.</param>
    /// <param name="dueTime">Delay before the first firing, or <see cref="Timeout.InfiniteTimeSpan"/> to wait for a Change.</param>
    /// <param name="period">Interval between firings, or <see cref="Timeout.InfiniteTimeSpan"/> (or zero) to fire once.</param>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new FakeTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Shows the fake time, which helps when the provider appears in an assertion message.</summary>
    public override string ToString() => $"FakeTimeProvider at {GetUtcNow():O}";

    internal bool Change(FakeTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        ValidateTimerTime(dueTime, nameof(dueTime));
        ValidateTimerTime(period, nameof(period));
        lock (_state)
        {
            if (timer.IsDisposed)
            {
                return false;
            }
            _scheduled.Remove(timer);
            timer.Period = period;
            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                timer.DueAt = _now + dueTime;
                timer.Sequence = ++_sequence;
                _scheduled.Add(timer);
            }
            return true;
        }
    }

    internal void Dispose(FakeTimer timer)
    {
        lock (_state)
        {
            timer.IsDisposed = true;
            _scheduled.Remove(timer);
        }
    }

    private static void ValidateTimerTime(TimeSpan value, string name)
    {
        if ((value < TimeSpan.Zero && value != Timeout.InfiniteTimeSpan) || value > MaxTimerTime)
        {
            throw new ArgumentOutOfRangeException(name, value,
                $"A timer's {name} must be Timeout.InfiniteTimeSpan or between zero and {MaxTimerTime.TotalMilliseconds} ms, as for a real timer.");
        }
    }

    // Callers hold _advancing. One timer fires per iteration, with _state released, so callbacks can create, change
    // and dispose timers (including their own) and the next iteration sees the result.
    private void AdvanceTo(DateTimeOffset target)
    {
        while (true)
        {
            FakeTimer? due;
            lock (_state)
            {
                due = EarliestDueBy(target);
                if (due is null)
                {
                    if (target > _now)
                    {
                        _now = target;
                    }
                    return;
                }
                if (due.DueAt > _now)
                {
                    _now = due.DueAt;
                }
                if (due.Period > TimeSpan.Zero)
                {
                    // From the due time, not from now: a periodic fake timer doesn't drift.
                    due.DueAt += due.Period;
                    due.Sequence = ++_sequence;
                }
                else
                {
                    _scheduled.Remove(due);
                }
            }
            due.Fire();
        }
    }

    // Ties go to the timer scheduled first, so timers due at the same instant fire in the order they were set.
    private FakeTimer? EarliestDueBy(DateTimeOffset target)
    {
        FakeTimer? earliest = null;
        foreach (var timer in _scheduled)
        {
            if (timer.DueAt <= target &&
                (earliest is null || timer.DueAt < earliest.DueAt ||
                 (timer.DueAt == earliest.DueAt && timer.Sequence < earliest.Sequence)))
            {
                earliest = timer;
            }
        }
        return earliest;
    }
}
