using System.Globalization;
using PluginRuntime.Sdk.Hosting;

namespace PluginRuntime.Sdk.Scheduling;

/// <summary>
/// A module's schedules: run driver code once after a delay or at an instant, at a fixed rate, or on a cron
/// expression. Available to drivers as <c>Schedule</c>.
/// </summary>
/// <remarks>
/// <para>
/// Schedules run on the module's <see cref="TimeProvider"/>, so a test with a fake clock controls them entirely.
/// Each run goes through the host's invoker, which logs a failure under a member name such as
/// <c>schedule:every 00:00:05</c> and never lets it escape; a callback that throws keeps its schedule.
/// </para>
/// <para>
/// A schedule never runs concurrently with itself. When the module stops, every schedule is cancelled and no
/// callback starts after that (one already running is left to finish).
/// </para>
/// </remarks>
public sealed class Scheduler
{
    private readonly Lock _gate = new();
    private readonly HashSet<ScheduledTask> _tasks = [];

    /// <summary>Creates the scheduler for one module. Hosts and the driver base class call this, drivers don't.</summary>
    /// <param name="time">The clock every schedule runs on.</param>
    /// <param name="invoke">The host's invoker, through which every callback runs.</param>
    /// <param name="stopping">Cancelled when the module stops; cancels every schedule.</param>
    public Scheduler(TimeProvider time, GuardedInvoker invoke, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(invoke);
        Time = time;
        Invoke = invoke;
        Stopping = stopping;
        stopping.UnsafeRegister(static scheduler => ((Scheduler)scheduler!).CancelAll(), this);
    }

    internal TimeProvider Time { get; }

    internal GuardedInvoker Invoke { get; }

    internal CancellationToken Stopping { get; }

    /// <summary>Runs <paramref name="action"/> once, <paramref name="delay"/> from now.</summary>
    /// <param name="delay">How long to wait; zero runs it as soon as possible.</param>
    /// <param name="action">The driver code to run.</param>
    /// <returns>The schedule; dispose it to cancel.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delay"/> is negative.</exception>
    public IScheduledTask In(TimeSpan delay, Func<Task> action)
    {
        if (delay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(delay), delay,
                "A delay can't be negative; use TimeSpan.Zero to run as soon as possible.");
        }
        ArgumentNullException.ThrowIfNull(action);
        return Add($"schedule:in {delay:c}", action, Time.GetUtcNow() + delay, Once);
    }

    /// <summary>Runs <paramref name="action"/> once, <paramref name="delay"/> from now.</summary>
    /// <param name="delay">How long to wait; zero runs it as soon as possible.</param>
    /// <param name="action">The driver code to run.</param>
    /// <returns>The schedule; dispose it to cancel.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delay"/> is negative.</exception>
    public IScheduledTask In(TimeSpan delay, Action action) => In(delay, AsTask(action));

    /// <summary>
    /// Runs <paramref name="action"/> every <paramref name="period"/> at a fixed rate: slots are a whole number of
    /// periods from the first, whatever each run takes. A run that overruns skips the slots it missed rather than
    /// catching up with a burst, and a run never overlaps the next.
    /// </summary>
    /// <param name="period">The time between slots; positive.</param>
    /// <param name="action">The driver code to run.</param>
    /// <param name="runNow">Also run as soon as possible, with the first slot one period from now after that.</param>
    /// <returns>The schedule; dispose it to cancel.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> is zero or negative.</exception>
    public IScheduledTask Every(TimeSpan period, Func<Task> action, bool runNow = false)
    {
        if (period <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(period), period, "A period must be longer than zero.");
        }
        ArgumentNullException.ThrowIfNull(action);
        var now = Time.GetUtcNow();
        return Add($"schedule:every {period:c}", action, runNow ? now : now + period,
            (slot, current) => NextSlot(slot, current, period));
    }

    /// <summary>
    /// Runs <paramref name="action"/> every <paramref name="period"/> at a fixed rate, as
    /// <see cref="Every(TimeSpan, Func{Task}, bool)"/> does.
    /// </summary>
    /// <param name="period">The time between slots; positive.</param>
    /// <param name="action">The driver code to run.</param>
    /// <param name="runNow">Also run as soon as possible, with the first slot one period from now after that.</param>
    /// <returns>The schedule; dispose it to cancel.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> is zero or negative.</exception>
    public IScheduledTask Every(TimeSpan period, Action action, bool runNow = false) =>
        Every(period, AsTask(action), runNow);

    /// <summary>Runs <paramref name="action"/> once at <paramref name="when"/>, or as soon as possible if that has passed.</summary>
    /// <param name="when">The instant to run at.</param>
    /// <param name="action">The driver code to run.</param>
    /// <returns>The schedule; dispose it to cancel.</returns>
    public IScheduledTask At(DateTimeOffset when, Func<Task> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return Add(string.Create(CultureInfo.InvariantCulture, $"schedule:at {when:yyyy-MM-ddTHH:mm:ssK}"), action, when, Once);
    }

    /// <summary>Runs <paramref name="action"/> once at <paramref name="when"/>, or as soon as possible if that has passed.</summary>
    /// <param name="when">The instant to run at.</param>
    /// <param name="action">The driver code to run.</param>
    /// <returns>The schedule; dispose it to cancel.</returns>
    public IScheduledTask At(DateTimeOffset when, Action action) => At(when, AsTask(action));

    /// <summary>
    /// Runs <paramref name="action"/> on a five-field cron expression (see <see cref="CronExpression"/>), on the wall
    /// clock of <paramref name="timeZone"/>. A run that overruns skips the occurrences it missed.
    /// </summary>
    /// <param name="expression">E.g. <c>*/5 * * * *</c>, <c>0 7 * * MON-FRI</c> or <c>@daily</c>.</param>
    /// <param name="action">The driver code to run.</param>
    /// <param name="timeZone">The zone the expression's times are in; UTC when null.</param>
    /// <returns>The schedule; dispose it to cancel.</returns>
    /// <exception cref="FormatException">The expression is not valid; the message names the field and the bad text.</exception>
    public IScheduledTask Cron(string expression, Func<Task> action, TimeZoneInfo? timeZone = null)
    {
        var cron = CronExpression.Parse(expression);
        ArgumentNullException.ThrowIfNull(action);
        var zone = timeZone ?? TimeZoneInfo.Utc;
        var member = zone == TimeZoneInfo.Utc ? $"schedule:cron {cron}" : $"schedule:cron {cron} ({zone.Id})";
        return Add(member, action, cron.GetNextOccurrence(Time.GetUtcNow(), zone), (slot, now) =>
        {
            var next = cron.GetNextOccurrence(slot, zone);
            // Overran past one or more occurrences: carry on from now, counting one that falls exactly now.
            return next < now ? cron.GetNextOccurrence(now.AddTicks(-1), zone) : next;
        });
    }

    /// <summary>
    /// Runs <paramref name="action"/> on a five-field cron expression, as
    /// <see cref="Cron(string, Func{Task}, TimeZoneInfo?)"/> does.
    /// </summary>
    /// <param name="expression">E.g. <c>*/5 * * * *</c>, <c>0 7 * * MON-FRI</c> or <c>@daily</c>.</param>
    /// <param name="action">The driver code to run.</param>
    /// <param name="timeZone">The zone the expression's times are in; UTC when null.</param>
    /// <returns>The schedule; dispose it to cancel.</returns>
    /// <exception cref="FormatException">The expression is not valid; the message names the field and the bad text.</exception>
    public IScheduledTask Cron(string expression, Action action, TimeZoneInfo? timeZone = null) =>
        Cron(expression, AsTask(action), timeZone);

    /// <summary>Cancels every schedule made so far. Runs in progress finish; new schedules can still be made.</summary>
    public void CancelAll()
    {
        ScheduledTask[] tasks;
        lock (_gate)
        {
            tasks = [.. _tasks];
            _tasks.Clear();
        }
        foreach (var task in tasks)
        {
            task.Cancel();
        }
    }

    internal void Forget(ScheduledTask task)
    {
        lock (_gate)
        {
            _tasks.Remove(task);
        }
    }

    private ScheduledTask Add(
        string member, Func<Task> action, DateTimeOffset? firstRun, Func<DateTimeOffset, DateTimeOffset, DateTimeOffset?> next)
    {
        var task = new ScheduledTask(this, member, action, next);
        lock (_gate)
        {
            // Checked under the lock that CancelAll snapshots under, so a schedule made while the module stops is
            // either cancelled by it or refused here, never left running.
            if (Stopping.IsCancellationRequested)
            {
                task.Cancel();
                return task;
            }
            _tasks.Add(task);
        }
        task.Start(firstRun);
        return task;
    }

    private static DateTimeOffset? Once(DateTimeOffset slot, DateTimeOffset now) => null;

    // The first slot after the one that ran that is not already past.
    private static DateTimeOffset NextSlot(DateTimeOffset slot, DateTimeOffset now, TimeSpan period)
    {
        var next = slot + period;
        if (next < now)
        {
            var missed = ((now - next).Ticks + period.Ticks - 1) / period.Ticks;
            next = next.AddTicks(missed * period.Ticks);
        }
        return next;
    }

    private static Func<Task> AsTask(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return () =>
        {
            action();
            return Task.CompletedTask;
        };
    }
}
