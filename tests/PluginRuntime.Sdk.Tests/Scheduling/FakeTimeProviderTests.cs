using PluginRuntime.Sdk.Testing;
using PluginRuntime.Sdk.Tests.Scheduling.Support;

namespace PluginRuntime.Sdk.Tests.Scheduling;

public sealed class FakeTimeProviderTests
{
    private static readonly DateTimeOffset Start = FakeTimeProvider.DefaultStart;

    [Fact]
    public void A_new_provider_reads_the_first_of_january_2026_in_utc()
    {
        var time = new FakeTimeProvider();

        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), time.GetUtcNow());
        Assert.Equal(TimeSpan.Zero, time.GetUtcNow().Offset);
    }

    [Fact]
    public void A_provider_given_a_start_reads_that_instant_in_utc()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2030, 6, 1, 12, 0, 0, TimeSpan.FromHours(10)));

        Assert.Equal(new DateTimeOffset(2030, 6, 1, 2, 0, 0, TimeSpan.Zero), time.GetUtcNow());
        Assert.Equal(TimeSpan.Zero, time.GetUtcNow().Offset);
    }

    [Fact]
    public void Advance_moves_the_clock_and_the_timestamps_by_the_same_amount()
    {
        var time = new FakeTimeProvider();
        var before = time.GetTimestamp();

        time.Advance(TimeSpan.FromMilliseconds(1500));

        Assert.Equal(Start.AddMilliseconds(1500), time.GetUtcNow());
        Assert.Equal(TimeSpan.FromMilliseconds(1500), time.GetElapsedTime(before));
        Assert.Equal(TimeSpan.TicksPerSecond, time.TimestampFrequency);
    }

    [Fact]
    public void SetUtcNow_moves_the_clock_forward_to_the_given_instant()
    {
        var time = new FakeTimeProvider();

        time.SetUtcNow(Start.AddHours(3));

        Assert.Equal(Start.AddHours(3), time.GetUtcNow());
    }

    [Fact]
    public void The_clock_refuses_to_move_backwards()
    {
        var time = new FakeTimeProvider();
        time.Advance(TimeSpan.FromMinutes(1));

        var back = Assert.Throws<ArgumentOutOfRangeException>(() => time.SetUtcNow(Start));
        var negative = Assert.Throws<ArgumentOutOfRangeException>(() => time.Advance(TimeSpan.FromSeconds(-1)));

        Assert.Contains("only moves forward", back.Message);
        Assert.Contains("only moves forward", negative.Message);
        Assert.Equal(Start.AddMinutes(1), time.GetUtcNow());
    }

    [Fact]
    public void The_local_time_zone_is_utc_until_the_test_sets_another()
    {
        var time = new FakeTimeProvider();
        var sydney = TimeZoneInfo.FindSystemTimeZoneById("Australia/Sydney");

        Assert.Equal(TimeZoneInfo.Utc, time.LocalTimeZone);
        time.SetLocalTimeZone(sydney);

        Assert.Equal(sydney, time.LocalTimeZone);
    }

    [Fact]
    public void A_one_shot_timer_fires_once_at_its_due_time()
    {
        var time = new FakeTimeProvider();
        var fired = new List<DateTimeOffset>();
        using var timer = time.CreateTimer(_ => fired.Add(time.GetUtcNow()), null, TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan);

        time.Advance(TimeSpan.FromSeconds(4));
        Assert.Empty(fired);
        time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal([Start.AddSeconds(5)], fired);
        Assert.Equal(Start.AddSeconds(14), time.GetUtcNow());
        Assert.Equal(0, time.ActiveTimers);
    }

    [Fact]
    public void A_periodic_timer_fires_once_per_period_within_one_advance_each_at_its_own_due_time()
    {
        var time = new FakeTimeProvider();
        var fired = new List<DateTimeOffset>();
        using var timer = time.CreateTimer(_ => fired.Add(time.GetUtcNow()), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));

        time.Advance(TimeSpan.FromSeconds(6));

        Assert.Equal([Start.AddSeconds(1), Start.AddSeconds(3), Start.AddSeconds(5)], fired);
        Assert.Equal(1, time.ActiveTimers);
    }

    [Fact]
    public void Timers_fire_in_chronological_order_across_timers_and_in_creation_order_on_ties()
    {
        var time = new FakeTimeProvider();
        var fired = new List<string>();
        using var every3 = time.CreateTimer(_ => fired.Add($"a@{time.GetUtcNow():ss}"), null, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3));
        using var every2 = time.CreateTimer(_ => fired.Add($"b@{time.GetUtcNow():ss}"), null, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2));
        using var once6 = time.CreateTimer(_ => fired.Add($"c@{time.GetUtcNow():ss}"), null, TimeSpan.FromSeconds(6), Timeout.InfiniteTimeSpan);

        time.Advance(TimeSpan.FromSeconds(6));

        // At 6s all three are due; ties go to whichever was (re)scheduled first: c at creation, a at 3s, b at 4s.
        Assert.Equal(["b@02", "a@03", "b@04", "c@06", "a@06", "b@06"], fired);
    }

    [Fact]
    public void A_timer_due_now_fires_on_the_next_advance_even_by_zero_and_not_before()
    {
        var time = new FakeTimeProvider();
        var fired = 0;
        using var timer = time.CreateTimer(_ => fired++, null, TimeSpan.Zero, Timeout.InfiniteTimeSpan);

        Assert.Equal(0, fired);
        time.Advance(TimeSpan.Zero);

        Assert.Equal(1, fired);
        Assert.Equal(Start, time.GetUtcNow());
    }

    [Fact]
    public void Change_reschedules_from_the_current_fake_time()
    {
        var time = new FakeTimeProvider();
        var fired = new List<DateTimeOffset>();
        using var timer = time.CreateTimer(_ => fired.Add(time.GetUtcNow()), null, TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan);
        time.Advance(TimeSpan.FromSeconds(3));

        Assert.True(timer.Change(TimeSpan.FromSeconds(10), Timeout.InfiniteTimeSpan));
        time.Advance(TimeSpan.FromSeconds(20));

        Assert.Equal([Start.AddSeconds(13)], fired);
    }

    [Fact]
    public void Change_to_an_infinite_due_time_stops_the_timer()
    {
        var time = new FakeTimeProvider();
        var fired = 0;
        using var timer = time.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

        Assert.True(timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan));
        time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(0, fired);
        Assert.Equal(0, time.ActiveTimers);
    }

    [Fact]
    public void A_disposed_timer_never_fires_and_refuses_changes()
    {
        var time = new FakeTimeProvider();
        var fired = 0;
        var timer = time.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        Assert.Equal(1, time.ActiveTimers);

        timer.Dispose();
        time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(0, fired);
        Assert.Equal(0, time.ActiveTimers);
        Assert.False(timer.Change(TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan));
    }

    [Fact]
    public void A_callback_that_re_arms_its_timer_fires_again_within_the_same_advance()
    {
        var time = new FakeTimeProvider();
        var fired = new List<DateTimeOffset>();
        ITimer? timer = null;
        timer = time.CreateTimer(_ =>
        {
            fired.Add(time.GetUtcNow());
            timer!.Change(TimeSpan.FromSeconds(4), Timeout.InfiniteTimeSpan);
        }, null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        timer.Change(TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);

        time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal([Start.AddSeconds(1), Start.AddSeconds(5), Start.AddSeconds(9)], fired);
        timer.Dispose();
    }

    [Fact]
    public void A_callback_may_advance_the_clock_itself()
    {
        var time = new FakeTimeProvider();
        var fired = new List<string>();
        using var slow = time.CreateTimer(_ =>
        {
            fired.Add($"slow@{time.GetUtcNow():ss}");
            time.Advance(TimeSpan.FromSeconds(3));
        }, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        using var other = time.CreateTimer(_ => fired.Add($"other@{time.GetUtcNow():ss}"), null, TimeSpan.FromSeconds(2), Timeout.InfiniteTimeSpan);

        time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(["slow@01", "other@02"], fired);
        Assert.Equal(Start.AddSeconds(10), time.GetUtcNow());
    }

    [Fact]
    public void Due_times_and_periods_a_real_timer_would_refuse_are_refused()
    {
        var time = new FakeTimeProvider();

        Assert.Throws<ArgumentOutOfRangeException>(() => time.CreateTimer(_ => { }, null, TimeSpan.FromSeconds(-2), Timeout.InfiniteTimeSpan));
        Assert.Throws<ArgumentOutOfRangeException>(() => time.CreateTimer(_ => { }, null, TimeSpan.FromDays(60), Timeout.InfiniteTimeSpan));
        Assert.Throws<ArgumentOutOfRangeException>(() => time.CreateTimer(_ => { }, null, TimeSpan.Zero, TimeSpan.FromSeconds(-2)));
    }

    [Fact]
    public void An_exception_from_a_callback_surfaces_from_advance_at_that_timers_due_time()
    {
        var time = new FakeTimeProvider();
        using var timer = time.CreateTimer(_ => throw new InvalidOperationException("boom"), null, TimeSpan.FromSeconds(2), Timeout.InfiniteTimeSpan);

        var error = Assert.Throws<InvalidOperationException>(() => time.Advance(TimeSpan.FromSeconds(5)));

        Assert.Equal("boom", error.Message);
        Assert.Equal(Start.AddSeconds(2), time.GetUtcNow());
    }

    [Fact]
    public async Task Timers_can_be_created_changed_and_disposed_from_many_threads_while_the_clock_advances()
    {
        var time = new FakeTimeProvider();
        var fired = 0;
        var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 200; i++)
            {
                var timer = time.CreateTimer(_ => Interlocked.Increment(ref fired), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
                timer.Change(TimeSpan.FromSeconds(2), Timeout.InfiniteTimeSpan);
                if (i % 2 == 0)
                {
                    timer.Dispose();
                }
            }
        })).ToArray();
        for (var i = 0; i < 50; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(10));
        }

        await Task.WhenAll(workers).WithTimeout("the threads creating timers to finish");
        time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(400, Volatile.Read(ref fired));
        Assert.Equal(0, time.ActiveTimers);
    }
}
