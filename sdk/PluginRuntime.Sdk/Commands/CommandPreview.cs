using System.Text;

namespace PluginRuntime.Sdk.Commands;

/// <summary>Names a command in error messages: by its name, or by a short preview of its bytes.</summary>
internal static class CommandPreview
{
    private const int MaxPreviewBytes = 32;

    public static string Describe(string? name, ReadOnlySpan<byte> data) =>
        name is not null ? $"'{name}'" : Preview(data);

    /// <summary>Text when the bytes are printable ASCII (with \r \n \t escaped), hex otherwise; cut at 32 bytes.</summary>
    public static string Preview(ReadOnlySpan<byte> data)
    {
        var shown = data.Length > MaxPreviewBytes ? data[..MaxPreviewBytes] : data;
        var more = data.Length > MaxPreviewBytes ? $"… ({data.Length} bytes)" : "";
        if (IsText(shown))
        {
            var text = new StringBuilder("\"");
            foreach (var b in shown)
            {
                text.Append(b switch
                {
                    (byte)'\r' => "\\r",
                    (byte)'\n' => "\\n",
                    (byte)'\t' => "\\t",
                    (byte)'"' => "\\\"",
                    (byte)'\\' => "\\\\",
                    _ => ((char)b).ToString(),
                });
            }
            return text.Append('"').Append(more).ToString();
        }
        return $"[{string.Join(' ', Convert.ToHexString(shown).Chunk(2).Select(pair => new string(pair)))}]{more}";
    }

    private static bool IsText(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return false;
        }
        foreach (var b in data)
        {
            if (b is not ((>= 0x20 and < 0x7F) or (byte)'\r' or (byte)'\n' or (byte)'\t'))
            {
                return false;
            }
        }
        return true;
    }
}
