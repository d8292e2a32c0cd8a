using System.Buffers;
using System.Text;
using PluginRuntime.Sdk.Tests.Support;
using PluginRuntime.Sdk.Transports;

namespace PluginRuntime.Sdk.Tests.Transports;

public sealed class DelimiterFramingTests
{
    [Fact]
    public void A_frame_is_cut_at_the_delimiter_and_the_delimiter_is_removed()
    {
        var buffer = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes("PWR ON\r\nrest"));

        var found = new DelimiterFraming("\r\n").TryReadFrame(ref buffer, out var frame);

        Assert.True(found);
        Assert.Equal("PWR ON", Encoding.ASCII.GetString(frame.ToArray()));
        Assert.Equal("rest", Encoding.ASCII.GetString(buffer.ToArray()));
    }

    [Fact]
    public void Several_frames_in_one_read_come_out_one_by_one()
    {
        var feeder = new FrameFeeder(new DelimiterFraming("\r\n")).Feed("a\r\nbb\r\nccc\r\nd");

        Assert.Equal(["a", "bb", "ccc"], feeder.Texts);
        Assert.Equal(1, feeder.Buffered);
    }

    [Fact]
    public void A_frame_fed_one_byte_at_a_time_comes_out_whole_even_with_its_delimiter_split()
    {
        var feeder = new FrameFeeder(new DelimiterFraming("\r\n")).FeedByteByByte("HELLO\r\nWORLD\r\n");

        Assert.Equal(["HELLO", "WORLD"], feeder.Texts);
        Assert.Equal(0, feeder.Buffered);
    }

    [Fact]
    public void A_multi_byte_delimiter_spread_over_three_segments_is_found()
    {
        var buffer = Segments.Of("ab"u8.ToArray(), "c<"u8.ToArray(), "E"u8.ToArray(), ">d"u8.ToArray());

        var found = new DelimiterFraming("<E>").TryReadFrame(ref buffer, out var frame);

        Assert.True(found);
        Assert.Equal("abc", Encoding.ASCII.GetString(frame.ToArray()));
        Assert.Equal("d", Encoding.ASCII.GetString(buffer.ToArray()));
    }

    [Fact]
    public void No_frame_is_returned_and_nothing_is_consumed_until_a_delimiter_arrives()
    {
        var buffer = new ReadOnlySequence<byte>("partial\r"u8.ToArray());

        var found = new DelimiterFraming("\r\n").TryReadFrame(ref buffer, out _);

        Assert.False(found);
        Assert.Equal(8, buffer.Length);
    }

    [Fact]
    public void Two_delimiters_in_a_row_give_an_empty_frame()
    {
        var feeder = new FrameFeeder(new DelimiterFraming("\n")).Feed("a\n\nb\n");

        Assert.Equal(["a", "", "b"], feeder.Texts);
    }

    [Fact]
    public void With_several_delimiters_a_frame_ends_at_the_earliest_one()
    {
        var feeder = new FrameFeeder(new DelimiterFraming("\n", "\r\n", ";")).Feed("a;b\r\nc\nd;");

        Assert.Equal(["a", "b", "c", "d"], feeder.Texts);
    }

    [Fact]
    public void When_two_delimiters_start_at_the_same_place_the_longer_one_is_removed()
    {
        var feeder = new FrameFeeder(new DelimiterFraming("\r", "\r\n")).Feed("a\r\nb\r");

        Assert.Equal(["a", "b"], feeder.Texts);
        Assert.Equal(0, feeder.Buffered);
    }

    [Fact]
    public void A_single_byte_delimiter_can_be_given_as_a_byte()
    {
        var feeder = new FrameFeeder(new DelimiterFraming(0x03)).Feed(0x02, 0x41, 0x03, 0x02, 0x42, 0x03);

        Assert.Equal([[0x02, 0x41], [0x02, 0x42]], feeder.Frames);
    }

    [Fact]
    public void Byte_sequence_delimiters_work_like_text_ones()
    {
        var feeder = new FrameFeeder(new DelimiterFraming([0xFF, 0xFE], [0x00])).Feed(0x01, 0xFF, 0xFE, 0x02, 0x00);

        Assert.Equal([[0x01], [0x02]], feeder.Frames);
    }

    [Fact]
    public void A_frame_exactly_as_long_as_the_maximum_is_accepted()
    {
        var feeder = new FrameFeeder(new DelimiterFraming("\r\n") { MaxFrameLength = 4 }).Feed("abcd\r\n");

        Assert.Equal(["abcd"], feeder.Texts);
    }

    [Fact]
    public void A_complete_oversized_frame_is_dropped_and_the_next_frame_still_comes_out()
    {
        var feeder = new FrameFeeder(new DelimiterFraming("\r\n") { MaxFrameLength = 4 }).Feed("abcde\r\nok\r\n");

        Assert.Equal(["ok"], feeder.Texts);
    }

    [Fact]
    public void An_oversized_frame_arriving_in_pieces_is_discarded_up_to_the_next_delimiter_without_growing_the_buffer()
    {
        var feeder = new FrameFeeder(new DelimiterFraming("\r\n") { MaxFrameLength = 4 });

        feeder.Feed("0123456789");
        feeder.Feed("0123456789");
        Assert.Empty(feeder.Frames);
        // Only a possible first delimiter byte is kept while discarding.
        Assert.True(feeder.Buffered <= 1, $"expected at most 1 byte buffered while discarding, found {feeder.Buffered}");

        feeder.FeedByteByByte("xyz\r\nok\r\nfine\r\n");
        Assert.Equal(["ok", "fine"], feeder.Texts);
    }

    [Fact]
    public void Discarding_ends_at_a_delimiter_split_across_reads()
    {
        var feeder = new FrameFeeder(new DelimiterFraming("\r\n") { MaxFrameLength = 2 });

        feeder.Feed("toolong\r").Feed("\nok\r\n");

        Assert.Equal(["ok"], feeder.Texts);
    }

    [Fact]
    public void Reset_forgets_a_frame_that_was_being_discarded()
    {
        var framing = new DelimiterFraming("\n") { MaxFrameLength = 2 };
        new FrameFeeder(framing).Feed("much too long");

        framing.Reset();
        var feeder = new FrameFeeder(framing).Feed("ok\n");

        Assert.Equal(["ok"], feeder.Texts);
    }

    [Fact]
    public void Empty_or_missing_delimiters_are_refused_with_a_clear_error()
    {
        Assert.Throws<ArgumentException>(() => new DelimiterFraming(""));
        Assert.Throws<ArgumentException>(() => new DelimiterFraming(Array.Empty<string>()));
        Assert.Throws<ArgumentException>(() => new DelimiterFraming(Array.Empty<byte>()));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DelimiterFraming("\n") { MaxFrameLength = 0 });
    }
}
