using System.Globalization;
using PluginRuntime.Sdk.Scheduling;

namespace PluginRuntime.Sdk.Tests.Scheduling;

public sealed class CronExpressionNextOccurrenceTests
{
    // 2026-01-01 is a Thursday; 2028 is a leap year; 2100 is not.
    [Theory]
    [InlineData("* * * * *", "2026-01-01T00:00:00Z", "2026-01-01T00:01:00Z")]
    [InlineData("* * * * *", "2026-01-01T00:00:30Z", "2026-01-01T00:01:00Z")]
    [InlineData("0 0 * * *", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z")]
    [InlineData("*/5 * * * *", "2026-01-01T00:03:00Z", "2026-01-01T00:05:00Z")]
    [InlineData("*/5 * * * *", "2026-01-01T00:55:00Z", "2026-01-01T01:00:00Z")]
    [InlineData("1-10/2 * * * *", "2026-01-01T00:08:00Z", "2026-01-01T00:09:00Z")]
    [InlineData("1-10/2 * * * *", "2026-01-01T00:09:00Z", "2026-01-01T01:01:00Z")]
    [InlineData("5/15 * * * *", "2026-01-01T00:36:00Z", "2026-01-01T00:50:00Z")]
    [InlineData("0 0,12 * * *", "2026-01-01T00:00:00Z", "2026-01-01T12:00:00Z")]
    [InlineData("0 */6 * * *", "2026-01-01T19:00:00Z", "2026-01-02T00:00:00Z")]
    [InlineData("59 23 31 12 *", "2026-01-01T00:00:00Z", "2026-12-31T23:59:00Z")]
    [InlineData("0 0 1 1 *", "2026-12-31T23:59:30Z", "2027-01-01T00:00:00Z")]
    [InlineData("0 0 1 JAN,JUL *", "2026-01-01T00:00:00Z", "2026-07-01T00:00:00Z")]
    [InlineData("0 0 1 jan-mar/2 *", "2026-01-01T00:00:00Z", "2026-03-01T00:00:00Z")]
    // Month ends: the 31st skips short months, the 30th skips February.
    [InlineData("0 12 31 * *", "2026-01-31T12:00:00Z", "2026-03-31T12:00:00Z")]
    [InlineData("0 0 31 * *", "2026-04-01T00:00:00Z", "2026-05-31T00:00:00Z")]
    [InlineData("0 0 30 * *", "2026-01-30T00:00:00Z", "2026-03-30T00:00:00Z")]
    // Leap years.
    [InlineData("0 0 29 2 *", "2026-01-01T00:00:00Z", "2028-02-29T00:00:00Z")]
    [InlineData("0 0 29 2 *", "2096-03-01T00:00:00Z", "2104-02-29T00:00:00Z")]
    [InlineData("0 0 * 2 *", "2028-02-28T00:00:00Z", "2028-02-29T00:00:00Z")]
    [InlineData("0 0 * 2 *", "2026-02-28T00:00:00Z", "2027-02-01T00:00:00Z")]
    // Sunday is 0, 7 or SUN.
    [InlineData("0 0 * * 0", "2026-01-01T00:00:00Z", "2026-01-04T00:00:00Z")]
    [InlineData("0 0 * * 7", "2026-01-01T00:00:00Z", "2026-01-04T00:00:00Z")]
    [InlineData("0 0 * * sun", "2026-01-01T00:00:00Z", "2026-01-04T00:00:00Z")]
    [InlineData("0 0 * * 6-7", "2026-01-03T00:00:00Z", "2026-01-04T00:00:00Z")]
    [InlineData("0 9 * * MON-FRI", "2026-01-02T09:00:00Z", "2026-01-05T09:00:00Z")]
    [InlineData("0 0 * * */2", "2026-01-01T00:00:00Z", "2026-01-03T00:00:00Z")]
    // Day-of-month and day-of-week both restricted: either one matching is enough.
    [InlineData("0 0 13 * FRI", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z")]
    [InlineData("0 0 13 * FRI", "2026-01-12T00:00:00Z", "2026-01-13T00:00:00Z")]
    [InlineData("0 0 13 * FRI", "2026-01-13T00:00:00Z", "2026-01-16T00:00:00Z")]
    [InlineData("0 0 */10 * MON", "2026-01-01T00:00:00Z", "2026-01-05T00:00:00Z")]
    [InlineData("0 0 */10 * MON", "2026-01-05T00:00:00Z", "2026-01-11T00:00:00Z")]
    // Only one of them restricted: that one decides.
    [InlineData("0 0 13 * *", "2026-01-01T00:00:00Z", "2026-01-13T00:00:00Z")]
    [InlineData("0 0 * * FRI", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z")]
    // Macros.
    [InlineData("@yearly", "2026-06-15T00:00:00Z", "2027-01-01T00:00:00Z")]
    [InlineData("@annually", "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z")]
    [InlineData("@monthly", "2026-01-31T23:59:00Z", "2026-02-01T00:00:00Z")]
    [InlineData("@weekly", "2026-01-01T00:00:00Z", "2026-01-04T00:00:00Z")]
    [InlineData("@daily", "2026-01-01T12:00:00Z", "2026-01-02T00:00:00Z")]
    [InlineData("@midnight", "2026-01-01T12:00:00Z", "2026-01-02T00:00:00Z")]
    [InlineData("@hourly", "2026-01-01T00:59:59.999Z", "2026-01-01T01:00:00Z")]
    // The search starts from the instant, whatever offset it was written with.
    [InlineData("0 * * * *", "2026-01-01T10:30:00+10:00", "2026-01-01T01:00:00Z")]
    public void The_next_occurrence_in_utc_is_the_first_matching_minute_strictly_after_the_given_instant(
        string expression, string after, string expected)
    {
        var next = CronExpression.Parse(expression).GetNextOccurrence(Instant(after));

        Assert.Equal(Instant(expected), next);
    }

    [Fact]
    public void Occurrences_walked_one_after_another_list_every_matching_minute()
    {
        var cron = CronExpression.Parse("0,30 9 * * MON");
        var seen = new List<DateTimeOffset>();
        var at = Instant("2026-01-01T00:00:00Z");
        for (var i = 0; i < 4; i++)
        {
            at = cron.GetNextOccurrence(at)!.Value;
            seen.Add(at);
        }

        Assert.Equal(
            [Instant("2026-01-05T09:00:00Z"), Instant("2026-01-05T09:30:00Z"), Instant("2026-01-12T09:00:00Z"), Instant("2026-01-12T09:30:00Z")],
            seen);
    }

    [Fact]
    public void Without_a_zone_the_expression_is_evaluated_in_utc()
    {
        var cron = CronExpression.Parse("0 9 * * *");

        Assert.Equal(
            cron.GetNextOccurrence(Instant("2026-01-01T00:00:00Z"), TimeZoneInfo.Utc),
            cron.GetNextOccurrence(Instant("2026-01-01T00:00:00Z")));
    }

    [Fact]
    public void In_a_zone_the_fields_describe_that_zones_wall_clock_and_the_result_carries_its_offset()
    {
        var sydney = TimeZoneInfo.FindSystemTimeZoneById("Australia/Sydney");

        // 2025-12-31T12:00Z is 23:00 in Sydney, so the next 09:00 there is the next morning, 22:00Z.
        var next = CronExpression.Parse("0 9 * * *").GetNextOccurrence(Instant("2025-12-31T12:00:00Z"), sydney);

        Assert.Equal(Instant("2025-12-31T22:00:00Z"), next);
        Assert.Equal(TimeSpan.FromHours(11), next!.Value.Offset);
    }

    private static DateTimeOffset Instant(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.None);
}
