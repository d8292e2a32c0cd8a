using System.Buffers;
using System.Buffers.Binary;

namespace PluginRuntime.Host.Realtime;

/// <summary>
/// RFC 6455 framing of the server's own text messages, written straight into a connection's outbound buffer so many
/// messages can leave in one socket write. A server's frames are never masked (RFC 6455 §5.1), so a frame is just a
/// header of 2, 4 or 10 bytes in front of the payload.
/// </summary>
internal static class ServerFrame
{
    private const byte FinalText = 0x81; // FIN + opcode 1 (text): every message of this protocol is one text frame

    /// <summary>The header's length for a payload of <paramref name="payloadLength"/> bytes.</summary>
    public static int HeaderLength(int payloadLength) => payloadLength < 126 ? 2 : payloadLength <= ushort.MaxValue ? 4 : 10;

    /// <summary>Writes the header of one whole text message whose payload follows.</summary>
    public static void WriteTextHeader(IBufferWriter<byte> output, int payloadLength)
    {
        int length = HeaderLength(payloadLength);
        var header = output.GetSpan(length);
        header[0] = FinalText;
        if (length == 2)
        {
            header[1] = (byte)payloadLength;
        }
        else if (length == 4)
        {
            header[1] = 126;
            BinaryPrimitives.WriteUInt16BigEndian(header[2..], (ushort)payloadLength);
        }
        else
        {
            header[1] = 127;
            BinaryPrimitives.WriteUInt64BigEndian(header[2..], (ulong)payloadLength);
        }
        output.Advance(length);
    }

    /// <summary>Writes one whole text message.</summary>
    public static void WriteText(IBufferWriter<byte> output, ReadOnlySpan<byte> payload)
    {
        WriteTextHeader(output, payload.Length);
        output.Write(payload);
    }
}
