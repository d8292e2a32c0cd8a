using System.Text.Json;

namespace PluginRuntime.Host.Tests.Mqtt.Support;

/// <summary>A message a test peer printed: topic, retain flag, payload text (empty for a cleared topic).</summary>
internal sealed record ReceivedMessage(string Topic, bool Retained, string Payload)
{
    /// <summary>The state payload's <c>value</c>, as JSON text.</summary>
    public string Value => JsonDocument.Parse(Payload).RootElement.GetProperty("value").GetRawText();

    public long Time => JsonDocument.Parse(Payload).RootElement.GetProperty("time").GetInt64();
}
