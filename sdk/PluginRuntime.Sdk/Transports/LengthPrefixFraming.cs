using System.Buffers;
using System.Buffers.Binary;

namespace PluginRuntime.Sdk.Transports;

/// <summary>
/// Cuts a byte stream into frames that start with a header carrying the frame's length, as a 1, 2 or 4 byte
/// unsigned number in either byte order.
/// </summary>
/// <remarks>
/// <para>
/// A frame on the wire is <c>[LengthOffset bytes][length field][body][TrailerLength bytes]</c>. The length field
/// counts the body, or the header and the body when <see cref="LengthIncludesHeader"/> is set. The frame handed to
/// the driver is the body and the trailer; set <see cref="IncludeHeader"/> to get the header too (e.g. when the
/// bytes before the length are a message type).
/// </para>
/// <para>
/// A length larger than <see cref="MaxFrameLength"/> (or smaller than the header when it counts the header) throws
/// <see cref="InvalidDataException"/>. Unlike a delimited stream, a length-prefixed stream can't be picked up again
/// from the middle, so the host's transports log the error and reconnect to start from a clean stream.
/// </para>
/// <para>The decoder keeps no state between calls, so one instance can serve any number of connections.</para>
/// </remarks>
public sealed class LengthPrefixFraming : IFrameDecoder
{
    /// <summary>The default for <see cref="MaxFrameLength"/>: 64 KiB.</summary>
    public const int DefaultMaxFrameLength = 64 * 1024;

    private readonly int _lengthOffset;
    private readonly int _trailerLength;
    private readonly int _maxFrameLength = DefaultMaxFrameLength;

    /// <summary>Frames start with a length field of <paramref name="lengthSize"/> bytes.</summary>
    /// <param name="lengthSize">1, 2 or 4.</param>
    /// <param name="endianness">The byte order of the length field; ignored for 1 byte.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lengthSize"/> is not 1, 2 or 4.</exception>
    public LengthPrefixFraming(int lengthSize = 2, Endianness endianness = Endianness.Big)
    {
        if (lengthSize is not (1 or 2 or 4))
        {
            throw new ArgumentOutOfRangeException(nameof(lengthSize), lengthSize, "The length field must be 1, 2 or 4 bytes.");
        }
        if (!Enum.IsDefined(endianness))
        {
            throw new ArgumentOutOfRangeException(nameof(endianness), endianness, "Use Endianness.Big or Endianness.Little.");
        }
        LengthSize = lengthSize;
        Endianness = endianness;
    }

    /// <summary>The size of the length field in bytes: 1, 2 or 4.</summary>
    public int LengthSize { get; }

    /// <summary>The byte order of the length field.</summary>
    public Endianness Endianness { get; }

    /// <summary>How many bytes come before the length field (a start byte, a message type); part of the header. Default 0.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int LengthOffset
    {
        get => _lengthOffset;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _lengthOffset = value;
        }
    }

    /// <summary>Whether the length counts the header (<see cref="LengthOffset"/> and the length field) as well as the body. Default false.</summary>
    public bool LengthIncludesHeader { get; init; }

    /// <summary>How many bytes follow the body without being counted by the length (e.g. a checksum). Default 0.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int TrailerLength
    {
        get => _trailerLength;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _trailerLength = value;
        }
    }

    /// <summary>Whether the frame handed to the driver starts with the header. Default false: body and trailer only.</summary>
    public bool IncludeHeader { get; init; }

    /// <summary>
    /// The longest body plus trailer accepted, in bytes. A longer announced length throws
    /// <see cref="InvalidDataException"/>. Defaults to <see cref="DefaultMaxFrameLength"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int MaxFrameLength
    {
        get => _maxFrameLength;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _maxFrameLength = value;
        }
    }

    private int HeaderLength => _lengthOffset + LengthSize;

    /// <inheritdoc />
    /// <exception cref="InvalidDataException">The length field announces a frame that is too long or too short.</exception>
    public bool TryReadFrame(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> frame)
    {
        frame = default;
        var headerLength = HeaderLength;
        if (buffer.Length < headerLength)
        {
            return false;
        }

        Span<byte> field = stackalloc byte[4];
        field = field[..LengthSize];
        buffer.Slice(_lengthOffset, LengthSize).CopyTo(field);
        long announced = LengthSize switch
        {
            1 => field[0],
            2 => Endianness == Endianness.Big ? BinaryPrimitives.ReadUInt16BigEndian(field) : BinaryPrimitives.ReadUInt16LittleEndian(field),
            _ => Endianness == Endianness.Big ? BinaryPrimitives.ReadUInt32BigEndian(field) : BinaryPrimitives.ReadUInt32LittleEndian(field),
        };

        var bodyLength = LengthIncludesHeader ? announced - headerLength : announced;
        if (bodyLength < 0)
        {
            throw new InvalidDataException(
                $"The length field says {announced} bytes, less than the {headerLength}-byte header it should include. " +
                "Check LengthIncludesHeader, LengthOffset and LengthSize against the device's protocol.");
        }
        var payloadLength = bodyLength + _trailerLength;
        if (payloadLength > _maxFrameLength)
        {
            throw new InvalidDataException(
                $"The length field announces a {payloadLength}-byte frame, more than MaxFrameLength ({_maxFrameLength}). " +
                "Either the framing settings don't match the device (length size, byte order, offset) or the stream is out of step.");
        }

        var total = headerLength + payloadLength;
        if (buffer.Length < total)
        {
            return false;
        }
        frame = IncludeHeader ? buffer.Slice(0, total) : buffer.Slice(headerLength, payloadLength);
        buffer = buffer.Slice(total);
        return true;
    }
}
