using PluginRuntime.Sdk.Tests.Scheduling.Support;

namespace PluginRuntime.Sdk.Tests.Scheduling;

public sealed class SchedulerEveryTests
{
    [Fact]
    public void Every_runs_once_per_period_at_whole_periods_from_the_start()
    {
        using var h = new SchedulerHarness();
        var task = h.Scheduler.Every(TimeSpan.FromSeconds(5), () => Task.CompletedTask);

        h.Advance(17);

        Assert.Equal([h.After(5), h.After(10), h.After(15)], h.Invoker.TakeStartTimes());
        Assert.Equal(h.After(20), task.NextRun);
    }

    [Fact]
    public void Every_names_its_runs_by_the_period()
    {
        using var h = new SchedulerHarness();
        h.Scheduler.Every(TimeSpan.FromSeconds(5), () => Task.CompletedTask);

        h.Advance(5);

        Assert.Equal("schedule:every 00:00:05", Assert.Single(h.Invoker.TakeFinished()).Member);
    }

    [Fact]
    public async Task Every_with_run_now_runs_at_once_and_then_every_period_from_now()
    {
        using var h = new SchedulerHarness();
        h.Scheduler.Every(TimeSpan.FromSeconds(5), () => Task.CompletedTask, runNow: true);

        var first = await h.Invoker.NextAsync("the immediate run of Every(runNow: true)");
        h.Advance(10);

        Assert.Equal(h.Start, first.StartedAt);
        Assert.Equal([h.After(5), h.After(10)], h.Invoker.TakeStartTimes());
    }

    [Fact]
    public async Task A_run_that_takes_time_does_not_push_later_slots_back()
    {
        using var h = new SchedulerHarness();
        var slow = new TaskCompletionSource();
        var runs = 0;
        h.Scheduler.Every(TimeSpan.FromSeconds(5), () => ++runs == 1 ? slow.Task : Task.CompletedTask);

        h.Advance(5);
        h.Advance(3);
        slow.SetResult();
        await h.Invoker.NextAsync("the slow first run to finish");
        h.Advance(2);

        // The first run took 3 s; the second still starts at 10 s, not 13 s.
        Assert.Equal([h.After(10)], h.Invoker.TakeStartTimes());
    }

    [Fact]
    public async Task A_run_that_overruns_skips_the_missed_slots_instead_of_bursting_and_never_overlaps_itself()
    {
        using var h = new SchedulerHarness();
        var slow = new TaskCompletionSource();
        var started = new List<DateTimeOffset>();
        var concurrent = 0;
        var maxConcurrent = 0;
        var task = h.Scheduler.Every(TimeSpan.FromSeconds(5), async () =>
        {
            started.Add(h.Time.GetUtcNow());
            maxConcurrent = Math.Max(maxConcurrent, Interlocked.Increment(ref concurrent));
            try
            {
                if (started.Count == 1)
                {
                    await slow.Task;
                }
            }
            finally
            {
                Interlocked.Decrement(ref concurrent);
            }
        });

        h.Advance(5);
        h.Advance(12);
        Assert.Equal([h.After(5)], started);
        Assert.Equal(h.After(10), task.NextRun);

        slow.SetResult();
        await h.Invoker.NextAsync("the overrunning first run to finish");
        Assert.Equal(h.After(20), task.NextRun);
        h.Advance(8);

        Assert.Equal([h.After(5), h.After(20), h.After(25)], started);
        Assert.Equal(1, maxConcurrent);
    }

    [Fact]
    public void A_period_of_zero_or_less_is_refused()
    {
        using var h = new SchedulerHarness();

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => h.Scheduler.Every(TimeSpan.Zero, () => Task.CompletedTask));

        Assert.Contains("longer than zero", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => h.Scheduler.Every(TimeSpan.FromSeconds(-1), () => { }));
    }

    [Fact]
    public void The_action_overload_of_every_runs_a_plain_method()
    {
        using var h = new SchedulerHarness();
        var ticks = 0;

        h.Scheduler.Every(TimeSpan.FromMinutes(1), () => ticks++);
        h.Advance(180);

        Assert.Equal(3, ticks);
    }
}
