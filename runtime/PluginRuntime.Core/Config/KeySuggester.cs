namespace PluginRuntime.Core.Config;

/// <summary>Finds the intended word for a typo ("setings" → "settings") so errors can say "did you mean".</summary>
internal static class KeySuggester
{
    /// <summary>The closest candidate within a typo's distance of <paramref name="typed"/>, or null.</summary>
    public static string? Suggest(string typed, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            // Case is ignored so "Settings" suggests "settings"; keys themselves are case-sensitive.
            var distance = Distance(typed.ToLowerInvariant(), candidate.ToLowerInvariant());
            // A third of the word is about as far as a typo goes; beyond that a suggestion is a guess.
            var allowed = Math.Max(1, candidate.Length / 3);
            if (distance <= allowed && distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best;
    }

    /// <summary>
    /// Optimal string alignment distance: Levenshtein plus swapping two neighbouring letters as one edit, because
    /// transpositions ("setitngs") are among the commonest typos.
    /// </summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }
        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }
        return d[a.Length, b.Length];
    }
}
