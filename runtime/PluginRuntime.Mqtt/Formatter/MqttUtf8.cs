using System.Text;

namespace PluginRuntime.Mqtt.Formatter;

/// <summary>UTF-8 string rules of 1.5.4: well-formed UTF-8, no U+0000, at most 65,535 encoded bytes.</summary>
internal static class MqttUtf8
{
    public const int MaxBytes = 65_535;

    // Throwing decoder: ill-formed UTF-8 (including encoded surrogates) must be rejected, not replaced.
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IndexOf((byte)0) >= 0)
            throw MqttProtocolException.Malformed("UTF-8 string contains U+0000.");
        try
        {
            return Strict.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw MqttProtocolException.Malformed("String is not well-formed UTF-8.");
        }
    }

    public static byte[] Encode(string value)
    {
        if (value.Contains('\0', StringComparison.Ordinal))
            throw new ArgumentException("MQTT strings must not contain U+0000.", nameof(value));
        byte[] bytes;
        try
        {
            bytes = Strict.GetBytes(value);
        }
        catch (EncoderFallbackException)
        {
            throw new ArgumentException("MQTT strings must be valid Unicode (no lone surrogates).", nameof(value));
        }
        if (bytes.Length > MaxBytes)
            throw new ArgumentException($"MQTT strings are limited to {MaxBytes} UTF-8 bytes; this one has {bytes.Length}.", nameof(value));
        return bytes;
    }
}
