using System.Globalization;

namespace PluginRuntime.Sdk.Scheduling;

/// <summary>One of the five fields of a cron expression: its name, its range and how its text becomes a bit set.</summary>
internal sealed class CronField
{
    public static readonly CronField Minute = new("minute", 0, 59, null, "");
    public static readonly CronField Hour = new("hour", 0, 23, null, "");
    public static readonly CronField DayOfMonth = new("day-of-month", 1, 31, null, "");
    public static readonly CronField Month = new("month", 1, 12,
        ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"], " or a name (JAN-DEC)");

    // 7 is accepted as Sunday as well as 0, as in Vixie cron; it is folded onto bit 0 when the set is built.
    public static readonly CronField DayOfWeek = new("day-of-week", 0, 7,
        ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"], " or a name (SUN-SAT)");

    private readonly string[]? _names;
    private readonly string _namesHint;

    private CronField(string name, int min, int max, string[]? names, string namesHint)
    {
        Name = name;
        Min = min;
        Max = max;
        _names = names;
        _namesHint = namesHint;
    }

    public string Name { get; }

    public int Min { get; }

    public int Max { get; }

    // What '*' covers: for day-of-week that is 0-6, so '*/2' doesn't count Sunday twice.
    private int WildcardMax => this == DayOfWeek ? 6 : Max;

    /// <summary>Parses the field's text (lists, ranges, steps, names) into a set: bit <c>n</c> set means value <c>n</c>.</summary>
    /// <exception cref="FormatException">The text is not valid for this field; the message names the field and the bad part.</exception>
    public ulong Parse(string text, string expression)
    {
        ulong bits = 0;
        foreach (var item in text.Split(','))
        {
            if (item.Length == 0)
            {
                throw Error($"has an empty list item in '{text}'", expression);
            }
            bits |= ParseItem(item, expression);
        }
        return bits;
    }

    private ulong ParseItem(string item, string expression)
    {
        var range = item;
        var step = 1;
        var slash = item.IndexOf('/');
        if (slash >= 0)
        {
            range = item[..slash];
            var stepText = item[(slash + 1)..];
            var span = WildcardMax - Min + 1;
            if (!TryParseNumber(stepText, out step) || step < 1 || step > span)
            {
                throw Error($"step '{stepText}' in '{item}' must be a whole number from 1 to {span}", expression);
            }
        }

        int low, high;
        if (range == "*")
        {
            (low, high) = (Min, WildcardMax);
        }
        else if (range.Contains('-'))
        {
            var bounds = range.Split('-');
            if (bounds.Length != 2 || bounds[0].Length == 0 || bounds[1].Length == 0)
            {
                throw Error($"range '{range}' must have the form low-high", expression);
            }
            low = ParseValue(bounds[0], expression);
            high = ParseValue(bounds[1], expression);
            if (low > high)
            {
                throw Error($"range '{range}' goes backwards; cron ranges don't wrap around, so list two ranges instead", expression);
            }
        }
        else
        {
            low = ParseValue(range, expression);
            // 'n/step' means from n to the end of the range, as in Vixie cron and most of its descendants.
            high = slash >= 0 ? WildcardMax : low;
        }

        ulong bits = 0;
        for (var value = low; value <= high; value += step)
        {
            bits |= 1UL << (this == DayOfWeek && value == 7 ? 0 : value);
        }
        return bits;
    }

    private int ParseValue(string text, string expression)
    {
        if (TryParseNumber(text, out var value))
        {
            if (value < Min || value > Max)
            {
                throw Error($"value '{text}' is out of range {Min}-{Max}", expression);
            }
            return value;
        }
        if (_names is not null)
        {
            var index = Array.FindIndex(_names, name => string.Equals(name, text, StringComparison.OrdinalIgnoreCase));
            if (index >= 0)
            {
                return Min + index;
            }
        }
        throw Error($"value '{text}' is not a number{_namesHint}", expression);
    }

    private static bool TryParseNumber(string text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    private FormatException Error(string problem, string expression) =>
        new($"cron field '{Name}' {problem} in '{expression}'");
}
