using PluginRuntime.Core.Config;
using PluginRuntime.Core.Exec;

namespace PluginRuntime.Host.Mqtt;

/// <summary>Who an MQTT client is (the same <see cref="Caller"/> the other faces use), or why it was refused.</summary>
internal sealed record MqttCredentialsResult(string? Name, ApiKeyRole? Role, string? Failure, Caller? Caller = null)
{
    public bool Succeeded => Role is not null;

    /// <summary>Only support and admin may publish into the broker; users read and subscribe.</summary>
    public bool MayPublish => Role >= ApiKeyRole.Support;

    public static MqttCredentialsResult Success(Caller caller) =>
        new(caller.Name, (ApiKeyRole)(int)caller.Clearance, null, caller);

    public static MqttCredentialsResult Fail(string why) => new(null, null, why);
}
