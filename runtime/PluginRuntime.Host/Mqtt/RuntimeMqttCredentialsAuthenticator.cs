using System.Text;
using PluginRuntime.Host.Auth;

namespace PluginRuntime.Host.Mqtt;

/// <summary>
/// MQTT clients sign in with the same credentials as the other faces: an API key or a bearer JWT, sent as the
/// password (or as the username when the password is empty). The host's <see cref="IRequestAuthenticator"/> decides,
/// so roles, scopes, token expiry and live config edits mean the same thing on every face.
/// </summary>
internal sealed class RuntimeMqttCredentialsAuthenticator(IRequestAuthenticator authenticator) : IMqttCredentialsAuthenticator
{
    public ValueTask<MqttCredentialsResult> AuthenticateAsync(string? username, ReadOnlyMemory<byte>? password, CancellationToken cancellationToken)
    {
        string? secret = password is { Length: > 0 } bytes ? Encoding.UTF8.GetString(bytes.Span) : string.IsNullOrEmpty(username) ? null : username;
        if (secret is null)
        {
            return ValueTask.FromResult(MqttCredentialsResult.Fail("no credentials: send an API key or a bearer token as the password"));
        }
        // The authenticator reads credentials from a request; give it one carrying just this credential, in a header.
        var request = new DefaultHttpContext();
        if (LooksLikeJwt(secret))
        {
            request.Request.Headers.Authorization = "Bearer " + secret;
        }
        else
        {
            request.Request.Headers["X-API-Key"] = secret;
        }
        var result = authenticator.Authenticate(request);
        return ValueTask.FromResult(result.Caller is { } caller
            ? MqttCredentialsResult.Success(caller)
            : MqttCredentialsResult.Fail(result.Failure ?? "credentials refused"));
    }

    // header.payload.signature, each base64url, the header starting with '{"' (eyJ).
    private static bool LooksLikeJwt(string secret) => secret.StartsWith("eyJ", StringComparison.Ordinal) && secret.Count(c => c == '.') == 2;
}
