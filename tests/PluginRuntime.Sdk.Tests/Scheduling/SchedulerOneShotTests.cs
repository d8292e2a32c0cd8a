using PluginRuntime.Sdk.Tests.Scheduling.Support;

namespace PluginRuntime.Sdk.Tests.Scheduling;

public sealed class SchedulerOneShotTests
{
    [Fact]
    public void In_runs_once_after_the_delay_and_then_has_no_next_run()
    {
        using var h = new SchedulerHarness();
        var task = h.Scheduler.In(TimeSpan.FromSeconds(5), () => Task.CompletedTask);
        Assert.Equal(h.After(5), task.NextRun);

        h.Advance(4.999);
        Assert.Empty(h.Invoker.TakeFinished());
        h.Advance(60);

        var run = Assert.Single(h.Invoker.TakeFinished());
        Assert.Equal(h.After(5), run.StartedAt);
        Assert.Equal("schedule:in 00:00:05", run.Member);
        Assert.Null(task.NextRun);
        Assert.False(task.IsCancelled);
        Assert.Equal(0, h.Time.ActiveTimers);
    }

    [Fact]
    public void At_runs_once_at_the_instant()
    {
        using var h = new SchedulerHarness();
        var when = h.After(90);
        var task = h.Scheduler.At(when, () => Task.CompletedTask);

        h.Advance(300);

        var run = Assert.Single(h.Invoker.TakeFinished());
        Assert.Equal(when, run.StartedAt);
        Assert.Equal("schedule:at 2026-01-01T00:01:30+00:00", run.Member);
        Assert.Null(task.NextRun);
    }

    [Fact]
    public async Task At_an_instant_already_past_runs_without_the_clock_moving()
    {
        using var h = new SchedulerHarness();
        h.Advance(60);

        h.Scheduler.At(h.Start, () => Task.CompletedTask);

        var run = await h.Invoker.NextAsync("the run of an At in the past");
        Assert.Equal(h.After(60), run.StartedAt);
        Assert.Null(run.Error);
    }

    [Fact]
    public async Task In_with_a_zero_delay_runs_without_the_clock_moving()
    {
        using var h = new SchedulerHarness();
        var ran = 0;

        h.Scheduler.In(TimeSpan.Zero, () => ran++);

        await h.Invoker.NextAsync("the run of In(TimeSpan.Zero)");
        Assert.Equal(1, ran);
    }

    [Fact]
    public void The_action_overloads_run_plain_methods()
    {
        using var h = new SchedulerHarness();
        var calls = new List<string>();

        h.Scheduler.In(TimeSpan.FromSeconds(1), () => calls.Add("in"));
        h.Scheduler.At(h.After(2), () => calls.Add("at"));
        h.Advance(2);

        Assert.Equal(["in", "at"], calls);
    }

    [Fact]
    public void A_negative_delay_or_a_missing_action_is_refused()
    {
        using var h = new SchedulerHarness();

        Assert.Throws<ArgumentOutOfRangeException>(() => h.Scheduler.In(TimeSpan.FromSeconds(-1), () => Task.CompletedTask));
        Assert.Throws<ArgumentNullException>(() => h.Scheduler.In(TimeSpan.FromSeconds(1), (Func<Task>)null!));
        Assert.Throws<ArgumentNullException>(() => h.Scheduler.At(h.Start, (Action)null!));
    }
}
