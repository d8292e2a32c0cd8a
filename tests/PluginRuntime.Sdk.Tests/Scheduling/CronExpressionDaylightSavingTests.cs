using System.Globalization;
using PluginRuntime.Sdk.Scheduling;

namespace PluginRuntime.Sdk.Tests.Scheduling;

// 2026 transitions used here:
//   New York springs forward 2026-03-08 02:00 EST -> 03:00 EDT (07:00Z) and falls back 2026-11-01 02:00 EDT -> 01:00 EST (06:00Z).
//   Sydney springs forward 2026-10-04 02:00 AEST -> 03:00 AEDT (2026-10-03 16:00Z) and falls back
//   2026-04-05 03:00 AEDT -> 02:00 AEST (2026-04-04 16:00Z).
public sealed class CronExpressionDaylightSavingTests
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly TimeZoneInfo Sydney = TimeZoneInfo.FindSystemTimeZoneById("Australia/Sydney");

    [Fact]
    public void A_daily_time_that_new_york_skips_in_spring_runs_when_the_clocks_land_and_as_usual_the_next_day()
    {
        var occurrences = Walk("30 2 * * *", NewYork, "2026-03-07T12:00:00-05:00", 3);

        Assert.Equal(
            [Instant("2026-03-08T03:00:00-04:00"), Instant("2026-03-09T02:30:00-04:00"), Instant("2026-03-10T02:30:00-04:00")],
            occurrences);
    }

    [Fact]
    public void Several_skipped_times_in_the_gap_run_once_between_them()
    {
        var occurrences = Walk("*/20 2-3 8 3 *", NewYork, "2026-03-08T00:00:00-05:00", 4);

        // 02:00, 02:20 and 02:40 don't exist that night: they run together, once, at 03:00, which also matches.
        Assert.Equal(
            [Instant("2026-03-08T03:00:00-04:00"), Instant("2026-03-08T03:20:00-04:00"), Instant("2026-03-08T03:40:00-04:00"), Instant("2027-03-08T02:00:00-05:00")],
            occurrences);
    }

    [Fact]
    public void A_daily_time_that_new_york_repeats_in_autumn_runs_only_the_first_time()
    {
        var occurrences = Walk("30 1 * * *", NewYork, "2026-10-31T12:00:00-04:00", 3);

        Assert.Equal(
            [Instant("2026-11-01T01:30:00-04:00"), Instant("2026-11-02T01:30:00-05:00"), Instant("2026-11-03T01:30:00-05:00")],
            occurrences);
    }

    [Fact]
    public void An_hourly_expression_runs_once_per_wall_clock_hour_through_the_repeated_hour()
    {
        var occurrences = Walk("0 * * * *", NewYork, "2026-11-01T00:30:00-04:00", 3);

        // 01:00 happens at 05:00Z (EDT) and again at 06:00Z (EST); only the first runs.
        Assert.Equal(
            [Instant("2026-11-01T05:00:00Z"), Instant("2026-11-01T07:00:00Z"), Instant("2026-11-01T08:00:00Z")],
            occurrences);
    }

    [Fact]
    public void Searching_from_inside_the_repeated_hour_skips_wall_times_that_already_ran()
    {
        // 01:10 EST is the second pass through 01:xx; 01:30 already ran at 01:30 EDT.
        var next = CronExpression.Parse("30 1 * * *").GetNextOccurrence(Instant("2026-11-01T01:10:00-05:00"), NewYork);

        Assert.Equal(Instant("2026-11-02T01:30:00-05:00"), next);
    }

    [Fact]
    public void A_daily_time_that_sydney_skips_in_spring_runs_when_the_clocks_land()
    {
        var occurrences = Walk("30 2 * * *", Sydney, "2026-10-03T12:00:00+10:00", 2);

        Assert.Equal([Instant("2026-10-03T16:00:00Z"), Instant("2026-10-05T02:30:00+11:00")], occurrences);
    }

    [Fact]
    public void A_daily_time_that_sydney_repeats_in_autumn_runs_only_the_first_time()
    {
        var occurrences = Walk("30 2 * * *", Sydney, "2026-04-04T12:00:00+11:00", 2);

        Assert.Equal([Instant("2026-04-05T02:30:00+11:00"), Instant("2026-04-06T02:30:00+10:00")], occurrences);
    }

    [Fact]
    public void Times_outside_the_transitions_keep_their_wall_clock_time_across_the_change_of_offset()
    {
        var occurrences = Walk("0 9 * * *", Sydney, "2026-10-03T00:00:00+10:00", 2);

        Assert.Equal([Instant("2026-10-03T09:00:00+10:00"), Instant("2026-10-04T09:00:00+11:00")], occurrences);
    }

    private static List<DateTimeOffset> Walk(string expression, TimeZoneInfo zone, string after, int count)
    {
        var cron = CronExpression.Parse(expression);
        var at = Instant(after);
        var seen = new List<DateTimeOffset>();
        for (var i = 0; i < count; i++)
        {
            at = cron.GetNextOccurrence(at, zone) ?? throw new InvalidOperationException($"'{expression}' has no occurrence after {at:O}.");
            seen.Add(at);
        }
        return seen;
    }

    private static DateTimeOffset Instant(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.None);
}
