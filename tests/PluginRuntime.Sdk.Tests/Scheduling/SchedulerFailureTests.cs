using PluginRuntime.Sdk.Scheduling;
using PluginRuntime.Sdk.Testing;
using PluginRuntime.Sdk.Tests.Scheduling.Support;

namespace PluginRuntime.Sdk.Tests.Scheduling;

public sealed class SchedulerFailureTests
{
    [Fact]
    public void A_callback_that_throws_is_reported_through_the_invoker_and_keeps_its_schedule()
    {
        using var h = new SchedulerHarness();
        Func<Task> failing = () => throw new InvalidOperationException("device offline");
        h.Scheduler.Every(TimeSpan.FromSeconds(5), failing);

        h.Advance(15);

        var runs = h.Invoker.TakeFinished();
        Assert.Equal([h.After(5), h.After(10), h.After(15)], runs.Select(r => r.StartedAt));
        Assert.All(runs, run => Assert.Equal("device offline", Assert.IsType<InvalidOperationException>(run.Error).Message));
    }

    [Fact]
    public void A_callback_whose_task_faults_keeps_its_schedule()
    {
        using var h = new SchedulerHarness();
        h.Scheduler.Cron("* * * * *", () => Task.FromException(new TimeoutException("no reply")));

        h.Advance(180);

        Assert.Equal(3, h.Invoker.TakeFinished().Count(run => run.Error is TimeoutException));
    }

    [Fact]
    public void An_invoker_that_throws_does_not_stop_the_schedule()
    {
        var time = new FakeTimeProvider();
        var calls = 0;
        var ran = new List<DateTimeOffset>();
        var scheduler = new Scheduler(time, (_, action) =>
        {
            if (++calls == 1)
            {
                throw new InvalidOperationException("invoker is broken");
            }
            return action(CancellationToken.None);
        }, CancellationToken.None);

        scheduler.Every(TimeSpan.FromSeconds(5), () => ran.Add(time.GetUtcNow()));
        time.Advance(TimeSpan.FromSeconds(15));

        Assert.Equal(3, calls);
        Assert.Equal([FakeTimeProvider.DefaultStart.AddSeconds(10), FakeTimeProvider.DefaultStart.AddSeconds(15)], ran);
    }

    [Fact]
    public void An_invoker_that_lets_the_failure_escape_does_not_stop_the_schedule()
    {
        var time = new FakeTimeProvider();
        var calls = 0;
        var scheduler = new Scheduler(time, (_, action) =>
        {
            calls++;
            return action(CancellationToken.None);
        }, CancellationToken.None);
        Func<Task> failing = () => throw new InvalidOperationException("boom");

        scheduler.Every(TimeSpan.FromSeconds(5), failing);
        time.Advance(TimeSpan.FromSeconds(15));

        Assert.Equal(3, calls);
    }

    [Fact]
    public void An_invoker_that_calls_the_callback_twice_runs_it_once()
    {
        var time = new FakeTimeProvider();
        var ran = 0;
        var scheduler = new Scheduler(time, async (_, action) =>
        {
            await action(CancellationToken.None);
            await action(CancellationToken.None);
        }, CancellationToken.None);

        scheduler.Every(TimeSpan.FromSeconds(5), () => ran++);
        time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(2, ran);
    }
}
