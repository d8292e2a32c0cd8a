namespace PluginRuntime.Mqtt;

/// <summary>Topic name and topic filter rules (4.7) and matching.</summary>
internal static class MqttTopic
{
    public const string SharePrefix = "$share/";

    public static bool IsValidTopicName(string topic) =>
        topic.Length > 0 && topic.IndexOfAny(['+', '#']) < 0;

    public static bool IsValidFilter(string filter)
    {
        if (filter.Length == 0)
            return false;
        var levels = filter.Split('/');
        for (var i = 0; i < levels.Length; i++)
        {
            var level = levels[i];
            if (level.Contains('#'))
            {
                // '#' must stand alone and be the last level.
                if (level.Length != 1 || i != levels.Length - 1)
                    return false;
            }
            else if (level.Contains('+') && level.Length != 1)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// Splits "$share/{group}/{filter}". Returns false for an ordinary filter; throws nothing, callers validate.
    /// </summary>
    public static bool TryParseShared(string filter, out string group, out string innerFilter)
    {
        group = "";
        innerFilter = "";
        if (!filter.StartsWith(SharePrefix, StringComparison.Ordinal))
            return false;
        var rest = filter[SharePrefix.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
            return true; // shared but invalid: group empty or no filter; caller sees empty values
        group = rest[..slash];
        innerFilter = rest[(slash + 1)..];
        return true;
    }

    public static bool Matches(string filter, string topic)
    {
        // 4.7.2: filters starting with a wildcard must not match topics starting with '$'.
        if (topic.Length > 0 && topic[0] == '$' && filter.Length > 0 && (filter[0] == '+' || filter[0] == '#'))
            return false;

        var f = filter.AsSpan();
        var t = topic.AsSpan();
        while (true)
        {
            var fSlash = f.IndexOf('/');
            var fLevel = fSlash < 0 ? f : f[..fSlash];
            if (fLevel is "#")
                return true;
            var tSlash = t.IndexOf('/');
            var tLevel = tSlash < 0 ? t : t[..tSlash];
            if (!(fLevel is "+") && !fLevel.SequenceEqual(tLevel))
                return false;
            if (fSlash < 0 && tSlash < 0)
                return true;
            if (tSlash < 0)
            {
                // Topic ended; "a/#" also matches "a" (the parent level).
                return f[(fSlash + 1)..] is "#";
            }
            if (fSlash < 0)
                return false;
            f = f[(fSlash + 1)..];
            t = t[(tSlash + 1)..];
        }
    }
}
