using System.Buffers;
using System.IO.Pipelines;
using PluginRuntime.Mqtt.Formatter;

namespace PluginRuntime.Mqtt.Channel;

/// <summary>
/// Cuts a byte stream into whole MQTT packets. It checks only framing (remaining length encoding and the maximum
/// packet size, before buffering the body), so a hostile length can never make it allocate more than the limit.
/// </summary>
internal sealed class MqttFrameReader
{
    private readonly PipeReader _reader;
    private readonly int _maxPacketSize;

    public MqttFrameReader(PipeReader reader, int maxPacketSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPacketSize, 2);
        _reader = reader;
        _maxPacketSize = maxPacketSize;
    }

    public MqttFrameReader(Stream stream, int maxPacketSize)
        : this(PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true)), maxPacketSize)
    {
    }

    /// <summary>
    /// Returns the next packet, or null when the peer closed the stream cleanly between packets.
    /// Throws <see cref="MqttProtocolException"/> for bad framing or a stream that ends inside a packet.
    /// </summary>
    public async ValueTask<MqttFrame?> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            MqttFrame frame;
            bool parsed;
            try
            {
                parsed = TryParse(ref buffer, out frame);
            }
            catch
            {
                _reader.AdvanceTo(buffer.Start);
                throw;
            }
            if (parsed)
            {
                _reader.AdvanceTo(buffer.Start);
                return frame;
            }
            if (result.IsCompleted)
            {
                var leftover = buffer.Length;
                _reader.AdvanceTo(buffer.End);
                if (leftover == 0)
                    return null;
                throw MqttProtocolException.Malformed($"Connection closed inside a packet ({leftover} byte(s) pending).");
            }
            _reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    public ValueTask CompleteAsync() => _reader.CompleteAsync();

    private bool TryParse(ref ReadOnlySequence<byte> buffer, out MqttFrame frame)
    {
        frame = default;
        if (buffer.Length < 2)
            return false;
        Span<byte> head = stackalloc byte[5];
        var headLength = (int)Math.Min(5, buffer.Length);
        buffer.Slice(0, headLength).CopyTo(head);
        if (!VariableByteInteger.TryRead(head[1..headLength], out var remaining, out var consumed))
            return false;
        var total = 1L + consumed + remaining;
        if (total > _maxPacketSize)
            throw new MqttProtocolException(MqttReasonCode.PacketTooLarge, $"Packet of {total} bytes exceeds the maximum packet size {_maxPacketSize}.");
        if (buffer.Length < total)
            return false;
        var body = buffer.Slice(1 + consumed, remaining).ToArray();
        frame = new MqttFrame(head[0], body);
        buffer = buffer.Slice(total);
        return true;
    }
}
