namespace PluginRuntime.Mqtt.Formatter;

/// <summary>
/// The MQTT variable byte integer (1.5.5): 7 bits per byte, high bit = continuation, at most four bytes,
/// so the largest value is 268,435,455.
/// </summary>
internal static class VariableByteInteger
{
    public const uint MaxValue = 268_435_455;

    public static int Size(uint value) => value switch
    {
        < 128 => 1,
        < 16_384 => 2,
        < 2_097_152 => 3,
        <= MaxValue => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "MQTT variable byte integers stop at 268,435,455."),
    };

    public static int Write(uint value, Span<byte> destination)
    {
        if (value > MaxValue)
            throw new ArgumentOutOfRangeException(nameof(value), value, "MQTT variable byte integers stop at 268,435,455.");
        var i = 0;
        do
        {
            var digit = (byte)(value % 128);
            value /= 128;
            if (value > 0)
                digit |= 0x80;
            destination[i++] = digit;
        }
        while (value > 0);
        return i;
    }

    /// <summary>
    /// Tries to decode from the start of <paramref name="source"/>. Returns false when more bytes are needed;
    /// throws when the encoding is malformed (a fifth byte, or a non-minimal trailing zero continuation).
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out uint value, out int consumed)
    {
        value = 0;
        consumed = 0;
        var multiplier = 1u;
        for (var i = 0; i < 4; i++)
        {
            if (i >= source.Length)
                return false;
            var b = source[i];
            value += (uint)(b & 0x7F) * multiplier;
            if ((b & 0x80) == 0)
            {
                // A zero final byte after a continuation is a non-minimal encoding (e.g. 0x80 0x00); 1.5.5 says the
                // minimum number of bytes MUST be used.
                if (i > 0 && b == 0)
                    throw MqttProtocolException.Malformed("Variable byte integer is not minimally encoded.");
                consumed = i + 1;
                return true;
            }
            multiplier *= 128;
        }
        throw MqttProtocolException.Malformed("Variable byte integer is longer than four bytes.");
    }
}
