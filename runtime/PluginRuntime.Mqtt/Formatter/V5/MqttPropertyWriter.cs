namespace PluginRuntime.Mqtt.Formatter.V5;

/// <summary>
/// Collects one property block; absent (null / empty) values are skipped, then <see cref="WriteTo"/> emits the
/// variable byte integer length followed by the properties.
/// </summary>
internal sealed class MqttPropertyWriter
{
    private readonly MqttBufferWriter _buffer = new();

    public MqttPropertyWriter Byte(MqttPropertyId id, byte? value)
    {
        if (value is { } v)
        {
            _buffer.WriteByte((byte)id);
            _buffer.WriteByte(v);
        }
        return this;
    }

    public MqttPropertyWriter Bool(MqttPropertyId id, bool? value) => Byte(id, value is null ? null : (byte)(value.Value ? 1 : 0));

    public MqttPropertyWriter UInt16(MqttPropertyId id, ushort? value)
    {
        if (value is { } v)
        {
            _buffer.WriteByte((byte)id);
            _buffer.WriteUInt16(v);
        }
        return this;
    }

    public MqttPropertyWriter UInt32(MqttPropertyId id, uint? value)
    {
        if (value is { } v)
        {
            _buffer.WriteByte((byte)id);
            _buffer.WriteUInt32(v);
        }
        return this;
    }

    public MqttPropertyWriter VariableInteger(MqttPropertyId id, uint? value)
    {
        if (value is { } v)
        {
            _buffer.WriteByte((byte)id);
            _buffer.WriteVariableByteInteger(v);
        }
        return this;
    }

    public MqttPropertyWriter String(MqttPropertyId id, string? value)
    {
        if (value is not null)
        {
            _buffer.WriteByte((byte)id);
            _buffer.WriteString(value);
        }
        return this;
    }

    public MqttPropertyWriter Binary(MqttPropertyId id, ReadOnlySpan<byte> value, bool present)
    {
        if (present)
        {
            _buffer.WriteByte((byte)id);
            _buffer.WriteBinary(value);
        }
        return this;
    }

    public MqttPropertyWriter Binary(MqttPropertyId id, byte[]? value) => Binary(id, value, value is not null);

    public MqttPropertyWriter Users(IEnumerable<MqttUserProperty> properties)
    {
        foreach (var p in properties)
        {
            _buffer.WriteByte((byte)MqttPropertyId.UserProperty);
            _buffer.WriteString(p.Name);
            _buffer.WriteString(p.Value);
        }
        return this;
    }

    public bool IsEmpty => _buffer.Length == 0;

    public void WriteTo(MqttBufferWriter destination)
    {
        destination.WriteVariableByteInteger((uint)_buffer.Length);
        destination.WriteBytes(_buffer.WrittenSpan);
    }
}
