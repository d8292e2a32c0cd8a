using System.Security.Cryptography;
using System.Text;
using PluginRuntime.Core.Engine;
using PluginRuntime.Core.Exec;

namespace PluginRuntime.Host.Auth;

/// <summary>
/// Authenticates a request by API key or HS256 bearer token against the engine's running config, read afresh on
/// every request so that an edit to <c>api_keys:</c>, <c>users:</c> or <c>auth:</c> applies to the next request.
/// </summary>
internal sealed partial class RequestAuthenticator(RuntimeEngine engine, TimeProvider time, ILogger<RequestAuthenticator> logger)
    : IRequestAuthenticator
{
    public const string NoCredentials = "no credentials: send X-API-Key or a bearer token";

    public AuthenticationResult Authenticate(HttpContext context)
    {
        var result = Check(context.Request);
        if (result.Failure is { } failure)
        {
            LogRefused(SafeText.Printable(context.Request.Path.Value, 128), context.Connection.RemoteIpAddress?.ToString() ?? "?", failure);
        }
        return result;
    }

    private AuthenticationResult Check(HttpRequest request)
    {
        var credential = CredentialReader.Read(request, out var problem);
        if (credential is null)
        {
            return AuthenticationResult.Fail(problem ?? NoCredentials);
        }
        // One snapshot per request: the whole check sees one config even if an edit lands meanwhile.
        var config = engine.Config;
        if (config is null)
        {
            return AuthenticationResult.Fail("no config is loaded yet, so no credential can be checked; fix the config errors shown in the log");
        }
        return credential.Kind == CredentialKind.ApiKey ? CheckApiKey(credential, config) : CheckToken(credential, config);
    }

    private AuthenticationResult CheckApiKey(Credential credential, Core.Config.RuntimeConfig config)
    {
        // Digests, not the keys: FixedTimeEquals returns at once when the lengths differ, which would tell a
        // prober the key's length. Digests are all 32 bytes, so every comparison takes the same time.
        var sent = SHA256.HashData(Encoding.UTF8.GetBytes(credential.Value));
        Core.Config.ApiKeyConfig? match = null;
        // Compare with every key, in constant time each, so the time taken says nothing about which key came close.
        foreach (var key in config.ApiKeys)
        {
            if (CryptographicOperations.FixedTimeEquals(sent, SHA256.HashData(Encoding.UTF8.GetBytes(key.Key))))
            {
                match = key;
            }
        }
        if (match is null)
        {
            return AuthenticationResult.Fail($"API key not recognised (sent in {credential.Source})");
        }
        return AuthenticationResult.Success(new Caller(match.Name, CallerScope.ClearanceOf(match.Role),
            CallerScope.FilterFor(match.SystemIds, match.ZoneIds, engine)));
    }

    private AuthenticationResult CheckToken(Credential credential, Core.Config.RuntimeConfig config)
    {
        if (config.Auth?.JwtSecret is not { } secret)
        {
            return AuthenticationResult.Fail("bearer tokens are not enabled on this runtime (the config has no auth.jwt_secret); send an API key");
        }
        var validation = JwtValidator.Validate(credential.Value, secret, time.GetUtcNow());
        if (validation.Failure is { } failure)
        {
            return AuthenticationResult.Fail(failure);
        }
        if (!config.UsersByName.TryGetValue(validation.Subject!, out var user))
        {
            return AuthenticationResult.Fail($"token subject '{SafeText.Printable(validation.Subject)}' is not a configured user; add it under 'users:'");
        }
        return AuthenticationResult.Success(new Caller(user.Name, CallerScope.ClearanceOf(user.Role),
            CallerScope.FilterFor(user.SystemIds, user.ZoneIds, engine))) with { ExpiresAt = validation.Expires };
    }

    // Information, not Warning: anyone can send unauthenticated requests, and each would be a warning line.
    [LoggerMessage(Level = LogLevel.Information, Message = "Access denied: request to {Path} from {Remote} not authenticated: {Reason}")]
    private partial void LogRefused(string path, string remote, string reason);
}
