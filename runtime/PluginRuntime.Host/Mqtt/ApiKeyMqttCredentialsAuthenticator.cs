using System.Security.Cryptography;
using System.Text;
using PluginRuntime.Core.Engine;

namespace PluginRuntime.Host.Mqtt;

/// <summary>
/// Accepts an API key from the running config as the MQTT password (or, when no password was sent, as the username,
/// which is where some clients can only put it), with that key's role.
/// </summary>
internal sealed class ApiKeyMqttCredentialsAuthenticator(RuntimeEngine engine) : IMqttCredentialsAuthenticator
{
    public ValueTask<MqttCredentialsResult> AuthenticateAsync(string? username, ReadOnlyMemory<byte>? password, CancellationToken cancellationToken)
    {
        var secret = password is { Length: > 0 } bytes ? bytes.ToArray() : username is { Length: > 0 } ? Encoding.UTF8.GetBytes(username) : null;
        if (secret is null)
        {
            return ValueTask.FromResult(MqttCredentialsResult.Fail("no credentials: send an API key as the password"));
        }
        if (engine.Config is not { } config)
        {
            return ValueTask.FromResult(MqttCredentialsResult.Fail("no config is running yet"));
        }
        // Compare digests, which have equal length, so the time taken says nothing about a key's length or prefix;
        // every key is compared, so it says nothing about which one matched either.
        var digest = SHA256.HashData(secret);
        MqttCredentialsResult? match = null;
        foreach (var key in config.ApiKeys)
        {
            if (CryptographicOperations.FixedTimeEquals(digest, SHA256.HashData(Encoding.UTF8.GetBytes(key.Key))))
            {
                match = MqttCredentialsResult.Success(key.Name, key.Role);
            }
        }
        return ValueTask.FromResult(match ?? MqttCredentialsResult.Fail("the API key is not known"));
    }
}
