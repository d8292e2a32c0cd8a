using System.Buffers;
using System.Text.Json;

namespace PluginRuntime.Host.Mqtt;

/// <summary>The seed's state payload: <c>{"time": &lt;unix ms&gt;, "value": &lt;the status value as JSON&gt;}</c>.</summary>
internal static class MqttStatePayload
{
    /// <param name="json">The status value, already valid JSON (the state store only holds JSON).</param>
    public static byte[] Build(long unixMilliseconds, ReadOnlySpan<byte> json)
    {
        var buffer = new ArrayBufferWriter<byte>(json.Length + 40);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("time", unixMilliseconds);
            writer.WritePropertyName("value");
            // Embedded as a JSON entity, not re-encoded as a string: subscribers parse one document.
            writer.WriteRawValue(json, skipInputValidation: true);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
