using System.Buffers.Binary;

namespace PluginRuntime.Mqtt.Formatter;

/// <summary>
/// Reads MQTT primitives from one packet body. Every underrun is a Malformed Packet: the remaining length
/// promised more bytes than the fields contain.
/// </summary>
internal ref struct MqttBufferReader
{
    private readonly ReadOnlySpan<byte> _span;
    private int _position;

    public MqttBufferReader(ReadOnlySpan<byte> span)
    {
        _span = span;
        _position = 0;
    }

    public readonly int Remaining => _span.Length - _position;

    public readonly bool End => _position >= _span.Length;

    public byte ReadByte()
    {
        Need(1, "byte");
        return _span[_position++];
    }

    public ushort ReadUInt16()
    {
        Need(2, "two-byte integer");
        var value = BinaryPrimitives.ReadUInt16BigEndian(_span[_position..]);
        _position += 2;
        return value;
    }

    public uint ReadUInt32()
    {
        Need(4, "four-byte integer");
        var value = BinaryPrimitives.ReadUInt32BigEndian(_span[_position..]);
        _position += 4;
        return value;
    }

    public uint ReadVariableByteInteger()
    {
        if (!VariableByteInteger.TryRead(_span[_position..], out var value, out var consumed))
            throw MqttProtocolException.Malformed("Packet ends inside a variable byte integer.");
        _position += consumed;
        return value;
    }

    public string ReadString() => MqttUtf8.Decode(ReadBinarySpan());

    public byte[] ReadBinary() => ReadBinarySpan().ToArray();

    public ReadOnlySpan<byte> ReadBinarySpan()
    {
        var length = ReadUInt16();
        return ReadBytes(length);
    }

    public ReadOnlySpan<byte> ReadBytes(int count)
    {
        Need(count, "field");
        var slice = _span.Slice(_position, count);
        _position += count;
        return slice;
    }

    public ReadOnlySpan<byte> ReadToEnd()
    {
        var slice = _span[_position..];
        _position = _span.Length;
        return slice;
    }

    public readonly void ExpectEnd(string packet)
    {
        if (!End)
            throw MqttProtocolException.Malformed($"{packet} has {Remaining} unexpected trailing byte(s).");
    }

    private readonly void Need(int count, string what)
    {
        if (Remaining < count)
            throw MqttProtocolException.Malformed($"Packet ends before a {what} ({count} needed, {Remaining} left).");
    }
}
