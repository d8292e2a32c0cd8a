using PluginRuntime.Sdk.Scheduling;

namespace PluginRuntime.Sdk.Tests.Scheduling;

public sealed class CronExpressionParseTests
{
    [Theory]
    [InlineData("* * * * *")]
    [InlineData("0 * * * *")]
    [InlineData("*/5 8-18 * * MON-FRI")]
    [InlineData("1-10/2 0,12 1,15 * *")]
    [InlineData("5/15 * * * *")]
    [InlineData("0 0 1 jan,Jul *")]
    [InlineData("0 0 * * 0")]
    [InlineData("0 0 * * 7")]
    [InlineData("0 0 * * 5-7")]
    [InlineData("0 0 29 2 *")]
    [InlineData("59 23 31 12 SUN")]
    [InlineData("@yearly")]
    [InlineData("@annually")]
    [InlineData("@monthly")]
    [InlineData("@weekly")]
    [InlineData("@daily")]
    [InlineData("@midnight")]
    [InlineData("@HOURLY")]
    public void A_valid_expression_parses_and_prints_as_written(string expression)
    {
        var cron = CronExpression.Parse(expression);

        Assert.Equal(expression, cron.ToString());
    }

    [Fact]
    public void Surrounding_whitespace_and_tabs_between_fields_are_accepted()
    {
        var cron = CronExpression.Parse("  0\t12  * * *  ");

        Assert.Equal("0\t12  * * *", cron.ToString());
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero),
            cron.GetNextOccurrence(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)));
    }

    [Theory]
    [InlineData("0 25 * * *", "cron field 'hour' value '25' is out of range 0-23 in '0 25 * * *'")]
    [InlineData("60 * * * *", "cron field 'minute' value '60' is out of range 0-59 in '60 * * * *'")]
    [InlineData("0 0 0 * *", "cron field 'day-of-month' value '0' is out of range 1-31 in '0 0 0 * *'")]
    [InlineData("0 0 32 * *", "cron field 'day-of-month' value '32' is out of range 1-31 in '0 0 32 * *'")]
    [InlineData("0 0 * 13 *", "cron field 'month' value '13' is out of range 1-12 in '0 0 * 13 *'")]
    [InlineData("0 0 * * 8", "cron field 'day-of-week' value '8' is out of range 0-7 in '0 0 * * 8'")]
    [InlineData("x * * * *", "cron field 'minute' value 'x' is not a number in 'x * * * *'")]
    [InlineData("0 0 * FOO *", "cron field 'month' value 'FOO' is not a number or a name (JAN-DEC) in '0 0 * FOO *'")]
    [InlineData("0 0 * * MONDAY", "cron field 'day-of-week' value 'MONDAY' is not a number or a name (SUN-SAT) in '0 0 * * MONDAY'")]
    [InlineData("0 MON * * *", "cron field 'hour' value 'MON' is not a number in '0 MON * * *'")]
    [InlineData("*/0 * * * *", "cron field 'minute' step '0' in '*/0' must be a whole number from 1 to 60 in '*/0 * * * *'")]
    [InlineData("0 */x * * *", "cron field 'hour' step 'x' in '*/x' must be a whole number from 1 to 24 in '0 */x * * *'")]
    [InlineData("10-5 * * * *", "cron field 'minute' range '10-5' goes backwards; cron ranges don't wrap around, so list two ranges instead in '10-5 * * * *'")]
    [InlineData("0 0 * * FRI-MON", "cron field 'day-of-week' range 'FRI-MON' goes backwards; cron ranges don't wrap around, so list two ranges instead in '0 0 * * FRI-MON'")]
    [InlineData("1-2-3 * * * *", "cron field 'minute' range '1-2-3' must have the form low-high in '1-2-3 * * * *'")]
    [InlineData("-1 * * * *", "cron field 'minute' range '-1' must have the form low-high in '-1 * * * *'")]
    [InlineData("1,,2 * * * *", "cron field 'minute' has an empty list item in '1,,2' in '1,,2 * * * *'")]
    [InlineData("0 0 30 2 *", "cron expression '0 0 30 2 *' never fires: no month in '2' has a day in '30'")]
    [InlineData("0 0 31 APR,JUN *", "cron expression '0 0 31 APR,JUN *' never fires: no month in 'APR,JUN' has a day in '31'")]
    [InlineData("* * * *", "cron expression '* * * *' has 4 fields; expected five: minute hour day-of-month month day-of-week (seconds and years are not supported)")]
    [InlineData("0 * * * * *", "cron expression '0 * * * * *' has 6 fields; expected five: minute hour day-of-month month day-of-week (seconds and years are not supported)")]
    [InlineData("   ", "cron expression is empty; expected five fields (minute hour day-of-month month day-of-week) or a macro like @daily")]
    [InlineData("@reboot", "cron macro '@reboot' is not supported; use one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly, or five fields")]
    public void An_invalid_expression_is_refused_with_a_message_naming_the_field_and_the_bad_text(string expression, string message)
    {
        var error = Assert.Throws<FormatException>(() => CronExpression.Parse(expression));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void A_null_expression_is_refused()
    {
        Assert.Throws<ArgumentNullException>(() => CronExpression.Parse(null!));
    }
}
