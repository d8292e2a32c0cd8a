using System.Buffers;
using System.Text;

namespace PluginRuntime.Sdk.Transports;

/// <summary>
/// Cuts a byte stream into frames that end with a delimiter, such as <c>"\r\n"</c> or ETX (<c>0x03</c>).
/// The delimiter is removed from the frame; an empty frame (two delimiters in a row) is delivered as empty.
/// </summary>
/// <remarks>
/// <para>
/// With several delimiters, a frame ends at the earliest one found; when two match at the same position (e.g.
/// <c>"\r"</c> and <c>"\r\n"</c>) the longer one wins, among the bytes received so far.
/// </para>
/// <para>
/// A frame longer than <see cref="MaxFrameLength"/> is dropped: its bytes are discarded up to and including the next
/// delimiter, and decoding carries on with the frame after it. That keeps a misbehaving device (or a wrong delimiter
/// setting) from making the receive buffer grow without bound, without losing the frames that follow.
/// </para>
/// <para>
/// Remembering that it is discarding makes an instance specific to one connection: give each driver its own
/// instance (e.g. <c>protected override IFrameDecoder Framing { get; } = new DelimiterFraming("\r\n");</c>) and
/// don't share one in a static field. The transport calls <see cref="Reset"/> when it reconnects.
/// </para>
/// </remarks>
public sealed class DelimiterFraming : IResettableFrameDecoder
{
    /// <summary>The default for <see cref="MaxFrameLength"/>: 64 KiB.</summary>
    public const int DefaultMaxFrameLength = 64 * 1024;

    private readonly byte[][] _delimiters;
    private readonly int _longestDelimiter;
    private readonly int _maxFrameLength = DefaultMaxFrameLength;
    private bool _discarding;

    /// <summary>Frames end with any of the given delimiters, written as text and encoded as UTF-8 (e.g. <c>"\r\n"</c>).</summary>
    /// <exception cref="ArgumentException">No delimiter was given, or one is empty.</exception>
    public DelimiterFraming(params string[] delimiters)
        : this(EncodeAll(delimiters))
    {
    }

    /// <summary>Frames end with the given byte (e.g. <c>0x03</c>, ETX).</summary>
    public DelimiterFraming(byte delimiter)
        : this(new[] { new[] { delimiter } })
    {
    }

    /// <summary>Frames end with any of the given byte sequences.</summary>
    /// <exception cref="ArgumentException">No delimiter was given, or one is empty.</exception>
    public DelimiterFraming(params byte[][] delimiters)
    {
        ArgumentNullException.ThrowIfNull(delimiters);
        if (delimiters.Length == 0)
        {
            throw new ArgumentException("Give at least one delimiter, e.g. new DelimiterFraming(\"\\r\\n\").", nameof(delimiters));
        }
        foreach (var delimiter in delimiters)
        {
            if (delimiter is null || delimiter.Length == 0)
            {
                throw new ArgumentException("A delimiter can't be null or empty.", nameof(delimiters));
            }
        }
        // Copied so the caller can't change them under the decoder.
        _delimiters = delimiters.Select(d => d.ToArray()).ToArray();
        _longestDelimiter = _delimiters.Max(d => d.Length);
    }

    /// <summary>
    /// The longest frame accepted, in bytes, not counting the delimiter. Longer frames are discarded up to the next
    /// delimiter. Defaults to <see cref="DefaultMaxFrameLength"/>.
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

    /// <inheritdoc />
    public bool TryReadFrame(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> frame)
    {
        while (true)
        {
            if (_discarding)
            {
                if (!TryFindDelimiter(buffer, out var end, out var endLength))
                {
                    // Keep a tail that might be the first bytes of a delimiter split across reads.
                    var keep = Math.Min(buffer.Length, _longestDelimiter - 1);
                    buffer = buffer.Slice(buffer.Length - keep);
                    frame = default;
                    return false;
                }
                buffer = buffer.Slice(end + endLength);
                _discarding = false;
                continue;
            }

            // Searching past max + delimiter is pointless: a delimiter found there would end an oversized frame anyway.
            var searchable = Math.Min(buffer.Length, (long)_maxFrameLength + _longestDelimiter);
            if (TryFindDelimiter(buffer.Slice(0, searchable), out var position, out var delimiterLength))
            {
                if (position <= _maxFrameLength)
                {
                    frame = buffer.Slice(0, position);
                    buffer = buffer.Slice(position + delimiterLength);
                    return true;
                }
                // Complete but too long: drop it with its delimiter and try the next frame.
                buffer = buffer.Slice(position + delimiterLength);
                continue;
            }

            if (searchable == (long)_maxFrameLength + _longestDelimiter)
            {
                // No delimiter can still end this frame within the limit.
                _discarding = true;
                continue;
            }

            frame = default;
            return false;
        }
    }

    /// <inheritdoc />
    public void Reset() => _discarding = false;

    private bool TryFindDelimiter(ReadOnlySequence<byte> buffer, out long position, out int length)
    {
        position = -1;
        length = 0;
        foreach (var delimiter in _delimiters)
        {
            var reader = new SequenceReader<byte>(buffer);
            if (!reader.TryReadTo(out ReadOnlySequence<byte> _, delimiter, advancePastDelimiter: false))
            {
                continue;
            }
            var at = reader.Consumed;
            if (position < 0 || at < position || (at == position && delimiter.Length > length))
            {
                position = at;
                length = delimiter.Length;
            }
        }
        return position >= 0;
    }

    private static byte[][] EncodeAll(string[] delimiters)
    {
        ArgumentNullException.ThrowIfNull(delimiters);
        return delimiters.Select(d => d is null ? null! : Encoding.UTF8.GetBytes(d)).ToArray();
    }
}
