using System.Buffers.Binary;

namespace PluginRuntime.Mqtt.Formatter;

/// <summary>A growable byte buffer with the MQTT primitive encodings (big-endian integers, prefixed strings).</summary>
internal sealed class MqttBufferWriter
{
    private byte[] _buffer;

    public MqttBufferWriter(int capacity = 64)
    {
        _buffer = new byte[Math.Max(capacity, 16)];
    }

    public int Length { get; private set; }

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, Length);

    public void Reset() => Length = 0;

    public void WriteByte(byte value)
    {
        Ensure(1);
        _buffer[Length++] = value;
    }

    public void WriteUInt16(ushort value)
    {
        Ensure(2);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(Length), value);
        Length += 2;
    }

    public void WriteUInt32(uint value)
    {
        Ensure(4);
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(Length), value);
        Length += 4;
    }

    public void WriteVariableByteInteger(uint value)
    {
        Ensure(4);
        Length += VariableByteInteger.Write(value, _buffer.AsSpan(Length));
    }

    public void WriteString(string value) => WriteBinary(MqttUtf8.Encode(value));

    public void WriteBinary(ReadOnlySpan<byte> value)
    {
        if (value.Length > ushort.MaxValue)
            throw new ArgumentException($"MQTT binary data is limited to 65,535 bytes; this has {value.Length}.", nameof(value));
        WriteUInt16((ushort)value.Length);
        WriteBytes(value);
    }

    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        Ensure(value.Length);
        value.CopyTo(_buffer.AsSpan(Length));
        Length += value.Length;
    }

    private void Ensure(int count)
    {
        if (Length + count <= _buffer.Length)
            return;
        var size = Math.Max(_buffer.Length * 2, Length + count);
        Array.Resize(ref _buffer, size);
    }
}
