using System.Buffers;
using System.Text;
using PluginRuntime.Sdk.Transports;

namespace PluginRuntime.Sdk.Tests.Support;

/// <summary>
/// Plays the transport's part for a decoder: keeps the bytes it hasn't consumed, one segment per read, and collects
/// the frames it produces. Every read becomes its own segment, so frames and delimiters cross segment edges.
/// </summary>
internal sealed class FrameFeeder(IFrameDecoder decoder)
{
    private List<byte[]> _pending = [];

    public List<byte[]> Frames { get; } = [];

    public IEnumerable<string> Texts => Frames.Select(f => Encoding.ASCII.GetString(f));

    public long Buffered => _pending.Sum(p => (long)p.Length);

    public FrameFeeder Feed(params byte[] read)
    {
        _pending.Add(read);
        var buffer = Segments.Of([.. _pending]);
        while (decoder.TryReadFrame(ref buffer, out var frame))
        {
            Frames.Add(frame.ToArray());
        }
        var rest = new List<byte[]>();
        foreach (var memory in buffer)
        {
            rest.Add(memory.ToArray());
        }
        _pending = rest;
        return this;
    }

    public FrameFeeder Feed(string ascii) => Feed(Encoding.ASCII.GetBytes(ascii));

    public FrameFeeder FeedByteByByte(params byte[] data)
    {
        foreach (var b in data)
        {
            Feed(b);
        }
        return this;
    }

    public FrameFeeder FeedByteByByte(string ascii) => FeedByteByByte(Encoding.ASCII.GetBytes(ascii));
}
