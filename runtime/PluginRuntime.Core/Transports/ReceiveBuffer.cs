using System.Buffers;

namespace PluginRuntime.Core.Transports;

/// <summary>
/// The bytes received but not yet framed: one growable array, read into at the end and consumed from the front.
/// A single array keeps it simple; the decoders work on any <see cref="ReadOnlySequence{T}"/> anyway.
/// </summary>
internal sealed class ReceiveBuffer(int initialSize = 4096)
{
    private byte[] _data = new byte[initialSize];
    private int _start;
    private int _end;

    public int Length => _end - _start;

    public ReadOnlySequence<byte> Data => new(_data, _start, Length);

    /// <summary>Room for at least <paramref name="minimum"/> more bytes, compacting or growing as needed.</summary>
    public Memory<byte> GetMemory(int minimum)
    {
        if (_data.Length - _end < minimum)
        {
            var length = Length;
            var target = _data.Length >= length + minimum ? _data : new byte[Math.Max(_data.Length * 2, length + minimum)];
            _data.AsSpan(_start, length).CopyTo(target);
            _data = target;
            _start = 0;
            _end = length;
        }
        return _data.AsMemory(_end);
    }

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _data.Length - _end);
        _end += count;
    }

    public void Consume(long count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Length);
        _start += (int)count;
        if (_start == _end)
        {
            Clear();
        }
    }

    public void Clear()
    {
        _start = 0;
        _end = 0;
        // One huge message shouldn't pin its buffer for the rest of the connection's life.
        if (_data.Length > Math.Max(initialSize, 64 * 1024))
        {
            _data = new byte[initialSize];
        }
    }
}
