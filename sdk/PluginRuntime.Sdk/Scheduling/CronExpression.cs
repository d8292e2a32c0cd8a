using System.Numerics;

namespace PluginRuntime.Sdk.Scheduling;

/// <summary>
/// A standard five-field cron expression (<c>minute hour day-of-month month day-of-week</c>), parsed once and asked
/// for its next occurrence in any time zone.
/// </summary>
/// <remarks>
/// <para>
/// Each field accepts <c>*</c>, single values, lists (<c>1,15</c>), ranges (<c>1-5</c>) and steps (<c>*/5</c>,
/// <c>1-10/2</c>, <c>5/15</c> meaning 5 to the end of the range); month and day-of-week also accept three-letter
/// English names (<c>JAN</c>, <c>MON-FRI</c>, any case), and day-of-week accepts both 0 and 7 for Sunday. The macros
/// <c>@yearly</c>, <c>@annually</c>, <c>@monthly</c>, <c>@weekly</c>, <c>@daily</c>, <c>@midnight</c> and
/// <c>@hourly</c> stand for their usual expressions.
/// </para>
/// <para>
/// When both day-of-month and day-of-week are restricted (anything but a plain <c>*</c>), a day matches if
/// <em>either</em> matches, as in standard cron: <c>0 0 13 * FRI</c> runs on every 13th and every Friday.
/// </para>
/// <para>
/// Occurrences are wall-clock times in the zone they are evaluated in. A wall time that the zone skips (spring
/// forward) runs at the first wall time that exists after the gap, once; a wall time that happens twice (fall back)
/// runs only the first time.
/// </para>
/// </remarks>
public sealed class CronExpression
{
    private static readonly Dictionary<string, string> Macros = new(StringComparer.OrdinalIgnoreCase)
    {
        ["@yearly"] = "0 0 1 1 *",
        ["@annually"] = "0 0 1 1 *",
        ["@monthly"] = "0 0 1 * *",
        ["@weekly"] = "0 0 * * 0",
        ["@daily"] = "0 0 * * *",
        ["@midnight"] = "0 0 * * *",
        ["@hourly"] = "0 * * * *",
    };

    // February counts 29 days: an expression that fires only on the 29th of February is valid (every leap year).
    private static readonly int[] LongestMonth = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

    // The sparsest valid expression is the 29th of February, which can be eight years apart (2096 to 2104).
    private const int SearchYears = 10;

    private readonly string _text;
    private readonly ulong _minutes;
    private readonly ulong _hours;
    private readonly ulong _daysOfMonth;
    private readonly ulong _months;
    private readonly ulong _daysOfWeek;
    private readonly bool _eitherDayMatches;

    private CronExpression(string text, string[] fields)
    {
        _text = text;
        _minutes = CronField.Minute.Parse(fields[0], text);
        _hours = CronField.Hour.Parse(fields[1], text);
        _daysOfMonth = CronField.DayOfMonth.Parse(fields[2], text);
        _months = CronField.Month.Parse(fields[3], text);
        _daysOfWeek = CronField.DayOfWeek.Parse(fields[4], text);
        _eitherDayMatches = fields[2] != "*" && fields[4] != "*";

        if (fields[4] == "*" && !Enumerable.Range(1, 12).Any(month =>
                Has(_months, month) && (_daysOfMonth & ((2UL << LongestMonth[month]) - 1)) != 0))
        {
            throw new FormatException(
                $"cron expression '{text}' never fires: no month in '{fields[3]}' has a day in '{fields[2]}'");
        }
    }

    /// <summary>
    /// Parses a cron expression or macro. Fields are separated by spaces or tabs; surrounding whitespace is ignored.
    /// </summary>
    /// <param name="expression">Five fields, e.g. <c>*/5 8-18 * * MON-FRI</c>, or a macro such as <c>@daily</c>.</param>
    /// <returns>The parsed expression; its <see cref="ToString"/> is the trimmed text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="expression"/> is null.</exception>
    /// <exception cref="FormatException">
    /// The expression is not valid. The message names the field and the bad text, e.g.
    /// <c>cron field 'hour' value '25' is out of range 0-23 in '0 25 * * *'</c>.
    /// </exception>
    public static CronExpression Parse(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var text = expression.Trim();
        if (text.Length == 0)
        {
            throw new FormatException(
                "cron expression is empty; expected five fields (minute hour day-of-month month day-of-week) or a macro like @daily");
        }

        if (text.StartsWith('@'))
        {
            if (Macros.TryGetValue(text, out var expanded))
            {
                return new CronExpression(text, expanded.Split(' '));
            }
            throw new FormatException(
                $"cron macro '{text}' is not supported; use one of {string.Join(", ", Macros.Keys)}, or five fields");
        }

        var fields = text.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5)
        {
            throw new FormatException(
                $"cron expression '{text}' has {fields.Length} fields; expected five: minute hour day-of-month month day-of-week " +
                "(seconds and years are not supported)");
        }
        return new CronExpression(text, fields);
    }

    /// <summary>
    /// The first time strictly after <paramref name="after"/> at which the expression fires, evaluated on the wall
    /// clock of <paramref name="zone"/>.
    /// </summary>
    /// <param name="after">The instant to search from; an occurrence exactly at it is not returned.</param>
    /// <param name="zone">The zone whose wall clock the fields describe; UTC when null.</param>
    /// <returns>
    /// The occurrence, with the zone's offset at that instant; null when there is none in the next ten years (only
    /// possible near <see cref="DateTime.MaxValue"/>).
    /// </returns>
    public DateTimeOffset? GetNextOccurrence(DateTimeOffset after, TimeZoneInfo? zone = null)
    {
        zone ??= TimeZoneInfo.Utc;
        var local = TimeZoneInfo.ConvertTime(after, zone).DateTime;
        if (local.Year > 9999 - SearchYears - 1)
        {
            return null;
        }
        var start = new DateTime(local.Ticks - (local.Ticks % TimeSpan.TicksPerMinute), DateTimeKind.Unspecified).AddMinutes(1);
        var limit = start.AddYears(SearchYears);

        while (NextWallTime(start, limit) is { } candidate)
        {
            if (ToInstant(candidate, zone) is { } instant && instant > after)
            {
                return instant;
            }
            start = candidate.AddMinutes(1);
        }
        return null;
    }

    /// <summary>The expression as given to <see cref="Parse"/>, trimmed (a macro stays a macro).</summary>
    public override string ToString() => _text;

    // The first wall-clock minute at or after start that matches every field, without regard to time zones.
    private DateTime? NextWallTime(DateTime start, DateTime limit)
    {
        var t = start;
        while (t <= limit)
        {
            if (!Has(_months, t.Month))
            {
                t = new DateTime(t.Year, t.Month, 1, 0, 0, 0, DateTimeKind.Unspecified).AddMonths(1);
            }
            else if (!DayMatches(t))
            {
                t = t.Date.AddDays(1);
            }
            else if (NextIn(_hours, t.Hour) is not { } hour)
            {
                t = t.Date.AddDays(1);
            }
            else if (hour != t.Hour)
            {
                t = t.Date.AddHours(hour);
            }
            else if (NextIn(_minutes, t.Minute) is not { } minute)
            {
                t = t.Date.AddHours(t.Hour + 1);
            }
            else
            {
                return t.Date.AddHours(t.Hour).AddMinutes(minute);
            }
        }
        return null;
    }

    private bool DayMatches(DateTime day)
    {
        var dayOfMonth = Has(_daysOfMonth, day.Day);
        var dayOfWeek = Has(_daysOfWeek, (int)day.DayOfWeek);
        return _eitherDayMatches ? dayOfMonth || dayOfWeek : dayOfMonth && dayOfWeek;
    }

    private static DateTimeOffset? ToInstant(DateTime wallTime, TimeZoneInfo zone)
    {
        if (zone.IsInvalidTime(wallTime))
        {
            // The clocks jumped over this wall time; run when they land (the first minute that exists), once.
            var landed = wallTime;
            do
            {
                landed = landed.AddMinutes(1);
            }
            while (zone.IsInvalidTime(landed));
            return new DateTimeOffset(landed, zone.GetUtcOffset(landed));
        }
        if (zone.IsAmbiguousTime(wallTime))
        {
            // This wall time happens twice; the larger offset is the earlier instant, and only that one counts.
            return new DateTimeOffset(wallTime, zone.GetAmbiguousTimeOffsets(wallTime).Max());
        }
        return new DateTimeOffset(wallTime, zone.GetUtcOffset(wallTime));
    }

    private static bool Has(ulong set, int value) => (set & (1UL << value)) != 0;

    private static int? NextIn(ulong set, int from)
    {
        var rest = set >> from;
        return rest == 0 ? null : from + BitOperations.TrailingZeroCount(rest);
    }
}
