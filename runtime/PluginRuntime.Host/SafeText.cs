using System.Globalization;
using System.Text;

namespace PluginRuntime.Host;

/// <summary>
/// Makes a value a client controls safe to put in a log line or message: at most a few printable characters, the
/// rest escaped, so a client can neither forge log lines (newlines, terminal escapes) nor flood them.
/// </summary>
internal static class SafeText
{
    public const int DefaultLength = 32;

    /// <summary>
    /// The first <paramref name="max"/> characters, with control, format and unpaired surrogate characters written
    /// as <c>\uXXXX</c>, and "…" when some were left off.
    /// </summary>
    public static string Printable(string? value, int max = DefaultLength)
    {
        if (value is null)
        {
            return "";
        }
        var text = new StringBuilder(Math.Min(value.Length, max) + 8);
        int shown = 0;
        for (int i = 0; i < value.Length; i++)
        {
            if (shown == max)
            {
                text.Append('…');
                break;
            }
            char c = value[i];
            bool pair = char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]);
            if (pair)
            {
                text.Append(c).Append(value[++i]);
            }
            else if (char.IsSurrogate(c) || char.IsControl(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Format
                         or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                text.Append(c);
            }
            shown++;
        }
        return text.ToString();
    }
}
