namespace PluginRuntime.Mqtt;

/// <summary>A message as applications see it: topic, payload, delivery options and MQTT 5 metadata.</summary>
public sealed class MqttApplicationMessage
{
    /// <summary>Topic name; must not contain wildcards.</summary>
    public required string Topic { get; init; }

    /// <summary>Payload bytes (may be empty; an empty retained payload clears the retained message).</summary>
    public ReadOnlyMemory<byte> Payload { get; init; }

    /// <summary>Delivery guarantee.</summary>
    public MqttQualityOfService QualityOfService { get; init; }

    /// <summary>Whether the broker keeps this as the topic's last known value.</summary>
    public bool Retain { get; init; }

    /// <summary>MQTT 5: 1 when the payload is UTF-8 text.</summary>
    public byte? PayloadFormatIndicator { get; init; }

    /// <summary>MQTT 5: lifetime of the message in seconds.</summary>
    public uint? MessageExpiryInterval { get; init; }

    /// <summary>MQTT 5: MIME-like content type.</summary>
    public string? ContentType { get; init; }

    /// <summary>MQTT 5: topic for a request/response reply.</summary>
    public string? ResponseTopic { get; init; }

    /// <summary>MQTT 5: correlation data for request/response.</summary>
    public byte[]? CorrelationData { get; init; }

    /// <summary>MQTT 5: user properties, in order.</summary>
    public IReadOnlyList<MqttUserProperty> UserProperties { get; init; } = [];

    /// <summary>Convenience: the payload decoded as UTF-8.</summary>
    public string PayloadAsString() => System.Text.Encoding.UTF8.GetString(Payload.Span);
}
