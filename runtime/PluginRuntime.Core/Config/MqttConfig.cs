using System.Collections.Immutable;

namespace PluginRuntime.Core.Config;

/// <summary>The <c>mqtt:</c> section: where state is published (the embedded broker and any external brokers).</summary>
internal sealed record MqttConfig(EmbeddedMqttConfig Embedded, ImmutableArray<MqttBrokerConfig> Brokers)
{
    /// <summary>What a config without an <c>mqtt:</c> section gets: the embedded broker on its default port, no external brokers.</summary>
    public static readonly MqttConfig Default = new(EmbeddedMqttConfig.Default, []);
}
