using PluginRuntime.Sdk.Tests.Scheduling.Support;

namespace PluginRuntime.Sdk.Tests.Scheduling;

public sealed class SchedulerCronTests
{
    [Fact]
    public void Cron_runs_at_each_matching_minute()
    {
        using var h = new SchedulerHarness();
        var task = h.Scheduler.Cron("*/15 * * * *", () => Task.CompletedTask);
        Assert.Equal(h.After(15 * 60), task.NextRun);

        h.Advance(3600);

        Assert.Equal([h.After(900), h.After(1800), h.After(2700), h.After(3600)], h.Invoker.TakeStartTimes());
        Assert.Equal(h.After(4500), task.NextRun);
    }

    [Fact]
    public void Cron_names_its_runs_by_the_expression_and_a_zone_other_than_utc()
    {
        using var h = new SchedulerHarness();
        var sydney = TimeZoneInfo.FindSystemTimeZoneById("Australia/Sydney");
        h.Scheduler.Cron("0 * * * *", () => Task.CompletedTask);
        h.Scheduler.Cron("30 * * * *", () => Task.CompletedTask, sydney);

        h.Advance(3600);

        Assert.Equal(
            ["schedule:cron 30 * * * * (Australia/Sydney)", "schedule:cron 0 * * * *"],
            h.Invoker.TakeFinished().Select(i => i.Member));
    }

    [Fact]
    public void Cron_in_new_york_runs_a_time_skipped_by_daylight_saving_when_the_clocks_land()
    {
        using var h = new SchedulerHarness();
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        h.Time.SetUtcNow(new DateTimeOffset(2026, 3, 7, 12, 0, 0, TimeSpan.FromHours(-5)));
        h.Scheduler.Cron("30 2 * * *", () => Task.CompletedTask, newYork);

        h.Time.Advance(TimeSpan.FromDays(2));

        Assert.Equal(
            [new DateTimeOffset(2026, 3, 8, 3, 0, 0, TimeSpan.FromHours(-4)), new DateTimeOffset(2026, 3, 9, 2, 30, 0, TimeSpan.FromHours(-4))],
            h.Invoker.TakeStartTimes());
    }

    [Fact]
    public void Cron_waits_longer_than_a_timer_can_in_one_go()
    {
        using var h = new SchedulerHarness();
        var task = h.Scheduler.Cron("@yearly", () => Task.CompletedTask);

        h.Time.Advance(TimeSpan.FromDays(364));
        Assert.Empty(h.Invoker.TakeFinished());
        h.Time.Advance(TimeSpan.FromDays(1));

        Assert.Equal([new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero)], h.Invoker.TakeStartTimes());
        Assert.Equal(new DateTimeOffset(2028, 1, 1, 0, 0, 0, TimeSpan.Zero), task.NextRun);
    }

    [Fact]
    public async Task A_cron_run_that_overruns_skips_the_occurrences_it_missed()
    {
        using var h = new SchedulerHarness();
        var slow = new TaskCompletionSource();
        var runs = 0;
        var task = h.Scheduler.Cron("* * * * *", () => ++runs == 1 ? slow.Task : Task.CompletedTask);

        h.Advance(60);
        h.Advance(150);
        slow.SetResult();
        await h.Invoker.NextAsync("the overrunning first cron run to finish");

        Assert.Equal(h.After(240), task.NextRun);
        h.Advance(30);
        Assert.Equal([h.After(240)], h.Invoker.TakeStartTimes());
    }

    [Fact]
    public void An_invalid_cron_expression_is_refused_when_the_schedule_is_made()
    {
        using var h = new SchedulerHarness();

        var error = Assert.Throws<FormatException>(() => h.Scheduler.Cron("0 25 * * *", () => Task.CompletedTask));

        Assert.Equal("cron field 'hour' value '25' is out of range 0-23 in '0 25 * * *'", error.Message);
        Assert.Equal(0, h.Time.ActiveTimers);
    }
}
