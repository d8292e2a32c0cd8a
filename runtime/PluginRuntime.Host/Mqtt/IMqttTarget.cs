using PluginRuntime.Mqtt;

namespace PluginRuntime.Host.Mqtt;

/// <summary>A broker the MQTT face publishes state into: the embedded one or an external one.</summary>
internal interface IMqttTarget : IAsyncDisposable
{
    /// <summary>For logs: "embedded" or the external broker's config name.</summary>
    string Name { get; }

    /// <summary>False while an external broker is unreachable: the pump then skips work it will redo on reconnect.</summary>
    bool IsConnected { get; }

    /// <summary>Raised after every (re)connect; whatever the broker missed meanwhile is republished in full.</summary>
    event Action? Connected;

    /// <summary>Starts listening or connecting; never throws for an unreachable broker (it retries instead).</summary>
    Task StartAsync(CancellationToken cancellationToken);

    ValueTask PublishAsync(MqttApplicationMessage message, CancellationToken cancellationToken);
}
