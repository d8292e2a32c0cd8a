using PluginRuntime.Sdk.Scheduling;
using PluginRuntime.Sdk.Testing;
using PluginRuntime.Sdk.Tests.Scheduling.Support;

namespace PluginRuntime.Sdk.Tests.Scheduling;

public sealed class SchedulerCancellationTests
{
    [Fact]
    public void Disposing_a_schedule_stops_its_future_runs_only()
    {
        using var h = new SchedulerHarness();
        var disposed = h.Scheduler.Every(TimeSpan.FromSeconds(5), () => Task.CompletedTask);
        var kept = h.Scheduler.Every(TimeSpan.FromSeconds(7), () => Task.CompletedTask);
        h.Advance(5);
        h.Invoker.TakeFinished();

        disposed.Dispose();
        h.Advance(30);

        Assert.True(disposed.IsCancelled);
        Assert.Null(disposed.NextRun);
        Assert.All(h.Invoker.TakeFinished(), run => Assert.Equal("schedule:every 00:00:07", run.Member));
        Assert.False(kept.IsCancelled);
    }

    [Fact]
    public void Cancel_all_stops_every_schedule_and_releases_their_timers()
    {
        using var h = new SchedulerHarness();
        var tasks = new[]
        {
            h.Scheduler.In(TimeSpan.FromSeconds(5), () => Task.CompletedTask),
            h.Scheduler.Every(TimeSpan.FromSeconds(5), () => Task.CompletedTask),
            h.Scheduler.At(h.After(5), () => Task.CompletedTask),
            h.Scheduler.Cron("* * * * *", () => Task.CompletedTask),
        };
        Assert.Equal(4, h.Time.ActiveTimers);

        h.Scheduler.CancelAll();
        h.Advance(3600);

        Assert.Empty(h.Invoker.TakeFinished());
        Assert.All(tasks, task => Assert.True(task.IsCancelled));
        Assert.Equal(0, h.Time.ActiveTimers);
    }

    [Fact]
    public void Schedules_made_after_cancel_all_still_run()
    {
        using var h = new SchedulerHarness();
        h.Scheduler.CancelAll();

        h.Scheduler.In(TimeSpan.FromSeconds(1), () => Task.CompletedTask);
        h.Advance(1);

        Assert.Single(h.Invoker.TakeFinished());
    }

    [Fact]
    public void Stopping_the_module_cancels_every_schedule()
    {
        using var h = new SchedulerHarness();
        var every = h.Scheduler.Every(TimeSpan.FromSeconds(5), () => Task.CompletedTask);
        var cron = h.Scheduler.Cron("* * * * *", () => Task.CompletedTask);

        h.StopModule();
        h.Advance(3600);

        Assert.Empty(h.Invoker.TakeFinished());
        Assert.True(every.IsCancelled);
        Assert.True(cron.IsCancelled);
        Assert.Equal(0, h.Time.ActiveTimers);
    }

    [Fact]
    public void A_schedule_made_after_the_module_stopped_is_cancelled_from_the_start()
    {
        using var h = new SchedulerHarness();
        h.StopModule();

        var task = h.Scheduler.In(TimeSpan.Zero, () => Task.CompletedTask);

        Assert.True(task.IsCancelled);
        Assert.Null(task.NextRun);
        Assert.Equal(0, h.Time.ActiveTimers);
    }

    [Fact]
    public async Task No_callback_starts_after_the_module_stops_even_if_the_invoker_runs_it_late()
    {
        var time = new FakeTimeProvider();
        using var stopping = new CancellationTokenSource();
        var held = new TaskCompletionSource<Func<CancellationToken, Task>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var scheduler = new Scheduler(time, (_, action) =>
        {
            held.TrySetResult(action);
            return Task.CompletedTask;
        }, stopping.Token);
        var ran = false;
        scheduler.In(TimeSpan.FromSeconds(1), () =>
        {
            ran = true;
            return Task.CompletedTask;
        });

        time.Advance(TimeSpan.FromSeconds(1));
        var action = await held.Task.WithTimeout("the scheduler to hand its callback to the invoker");
        stopping.Cancel();
        await action(CancellationToken.None).WithTimeout("the late call to return");

        Assert.False(ran);
    }

    [Fact]
    public void A_schedule_can_dispose_itself_from_its_own_callback()
    {
        using var h = new SchedulerHarness();
        IScheduledTask? task = null;
        var runs = 0;
        task = h.Scheduler.Every(TimeSpan.FromSeconds(1), () =>
        {
            if (++runs == 2)
            {
                task!.Dispose();
            }
        });

        h.Advance(10);

        Assert.Equal(2, runs);
        Assert.True(task.IsCancelled);
        Assert.Equal(0, h.Time.ActiveTimers);
    }
}
