using System.Buffers;
using PluginRuntime.Sdk.Tests.Support;
using PluginRuntime.Sdk.Transports;

namespace PluginRuntime.Sdk.Tests.Transports;

public sealed class LengthPrefixFramingTests
{
    [Fact]
    public void A_two_byte_big_endian_length_announces_the_body()
    {
        var feeder = new FrameFeeder(new LengthPrefixFraming(2, Endianness.Big)).Feed(0x00, 0x03, 0xA1, 0xA2, 0xA3, 0x00);

        Assert.Equal([[0xA1, 0xA2, 0xA3]], feeder.Frames);
        Assert.Equal(1, feeder.Buffered);
    }

    [Fact]
    public void A_two_byte_little_endian_length_is_read_low_byte_first()
    {
        var body = Enumerable.Range(0, 258).Select(i => (byte)i).ToArray();
        var feeder = new FrameFeeder(new LengthPrefixFraming(2, Endianness.Little) { MaxFrameLength = 1000 })
            .Feed([0x02, 0x01, .. body]);

        Assert.Equal([body], feeder.Frames);
    }

    [Fact]
    public void A_four_byte_length_works_in_both_byte_orders()
    {
        var big = new FrameFeeder(new LengthPrefixFraming(4, Endianness.Big)).Feed(0, 0, 0, 2, 0x10, 0x20);
        var little = new FrameFeeder(new LengthPrefixFraming(4, Endianness.Little)).Feed(2, 0, 0, 0, 0x10, 0x20);

        Assert.Equal([[0x10, 0x20]], big.Frames);
        Assert.Equal([[0x10, 0x20]], little.Frames);
    }

    [Fact]
    public void A_one_byte_length_works()
    {
        var feeder = new FrameFeeder(new LengthPrefixFraming(1)).Feed(1, 0x55, 2, 0x66, 0x77);

        Assert.Equal([[0x55], [0x66, 0x77]], feeder.Frames);
    }

    [Theory]
    [InlineData(1, Endianness.Big)]
    [InlineData(2, Endianness.Big)]
    [InlineData(2, Endianness.Little)]
    [InlineData(4, Endianness.Big)]
    [InlineData(4, Endianness.Little)]
    public void Frames_fed_one_byte_at_a_time_come_out_whole(int lengthSize, Endianness endianness)
    {
        byte[] Frame(params byte[] body)
        {
            var header = new byte[lengthSize];
            for (var i = 0; i < lengthSize; i++)
            {
                var shift = endianness == Endianness.Big ? (lengthSize - 1 - i) * 8 : i * 8;
                header[i] = (byte)(body.Length >> shift);
            }
            return [.. header, .. body];
        }
        var feeder = new FrameFeeder(new LengthPrefixFraming(lengthSize, endianness));

        feeder.FeedByteByByte([.. Frame(1, 2, 3), .. Frame(), .. Frame(9)]);

        Assert.Equal([[1, 2, 3], [], [9]], feeder.Frames);
        Assert.Equal(0, feeder.Buffered);
    }

    [Fact]
    public void Several_frames_in_one_read_come_out_one_by_one()
    {
        var feeder = new FrameFeeder(new LengthPrefixFraming(1)).Feed(1, 0xAA, 1, 0xBB, 1, 0xCC, 5);

        Assert.Equal([[0xAA], [0xBB], [0xCC]], feeder.Frames);
        Assert.Equal(1, feeder.Buffered);
    }

    [Fact]
    public void A_header_split_across_segments_is_read_correctly()
    {
        var buffer = Segments.Of([0x00], [0x00, 0x00], [0x01, 0x7F]);

        var found = new LengthPrefixFraming(4).TryReadFrame(ref buffer, out var frame);

        Assert.True(found);
        Assert.Equal([0x7F], frame.ToArray());
        Assert.True(buffer.IsEmpty);
    }

    [Fact]
    public void A_length_that_counts_the_header_leaves_the_header_out_of_the_body()
    {
        var feeder = new FrameFeeder(new LengthPrefixFraming(2) { LengthIncludesHeader = true }).Feed(0x00, 0x04, 0x0A, 0x0B);

        Assert.Equal([[0x0A, 0x0B]], feeder.Frames);
    }

    [Fact]
    public void Bytes_before_the_length_and_a_trailer_are_part_of_the_frame_on_the_wire()
    {
        // [STX][type][len][body...][checksum]
        var framing = new LengthPrefixFraming(1) { LengthOffset = 2, TrailerLength = 1 };
        var feeder = new FrameFeeder(framing).Feed(0x02, 0x31, 0x02, 0xAA, 0xBB, 0xCC, 0x02);

        Assert.Equal([[0xAA, 0xBB, 0xCC]], feeder.Frames);
        Assert.Equal(1, feeder.Buffered);
    }

    [Fact]
    public void The_header_can_be_kept_in_the_frame()
    {
        var framing = new LengthPrefixFraming(1) { LengthOffset = 1, IncludeHeader = true };
        var feeder = new FrameFeeder(framing).Feed(0x31, 0x01, 0xAA);

        Assert.Equal([[0x31, 0x01, 0xAA]], feeder.Frames);
    }

    [Fact]
    public void A_length_over_the_maximum_throws_a_clear_error_as_soon_as_the_header_is_in()
    {
        var buffer = new ReadOnlySequence<byte>([0x01, 0x00]);

        var error = Assert.Throws<InvalidDataException>(() =>
            new LengthPrefixFraming(2) { MaxFrameLength = 255 }.TryReadFrame(ref buffer, out _));

        Assert.Contains("256-byte frame", error.Message);
        Assert.Contains("MaxFrameLength (255)", error.Message);
    }

    [Fact]
    public void A_length_shorter_than_the_header_it_counts_throws_a_clear_error()
    {
        var buffer = new ReadOnlySequence<byte>([0x00, 0x01]);

        var error = Assert.Throws<InvalidDataException>(() =>
            new LengthPrefixFraming(2) { LengthIncludesHeader = true }.TryReadFrame(ref buffer, out _));

        Assert.Contains("less than the 2-byte header", error.Message);
    }

    [Fact]
    public void A_four_byte_length_beyond_int_range_is_rejected_not_overflowed()
    {
        var buffer = new ReadOnlySequence<byte>([0xFF, 0xFF, 0xFF, 0xFF]);

        Assert.Throws<InvalidDataException>(() => new LengthPrefixFraming(4).TryReadFrame(ref buffer, out _));
    }

    [Fact]
    public void Unsupported_length_sizes_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LengthPrefixFraming(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LengthPrefixFraming(2) { LengthOffset = -1 });
    }
}
