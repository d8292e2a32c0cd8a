using System.Text;

namespace PluginRuntime.Sdk.Testing;

/// <summary>Shows bytes the way a protocol test needs to read them: printable ASCII with escapes, plus hex.</summary>
internal static class ByteText
{
    public static string Describe(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder(bytes.Length + 2).Append('"');
        foreach (byte b in bytes)
        {
            text.Append(b switch
            {
                (byte)'\r' => "\\r",
                (byte)'\n' => "\\n",
                (byte)'\t' => "\\t",
                (byte)'"' => "\\\"",
                >= 0x20 and < 0x7f => ((char)b).ToString(),
                _ => $"\\x{b:X2}",
            });
        }
        return text.Append("\" (").Append(Convert.ToHexString(bytes)).Append(')').ToString();
    }
}
