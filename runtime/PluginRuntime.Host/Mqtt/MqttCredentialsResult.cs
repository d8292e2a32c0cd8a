using PluginRuntime.Core.Config;

namespace PluginRuntime.Host.Mqtt;

/// <summary>Who an MQTT client is (name and role), or why its credentials were refused (never echoing them).</summary>
internal sealed record MqttCredentialsResult(string? Name, ApiKeyRole? Role, string? Failure)
{
    public bool Succeeded => Role is not null;

    /// <summary>Users read and subscribe; support and admin may also publish.</summary>
    public bool MayPublish => Role >= ApiKeyRole.Support;

    public static MqttCredentialsResult Success(string name, ApiKeyRole role) => new(name, role, null);

    public static MqttCredentialsResult Fail(string why) => new(null, null, why);
}
