using PluginRuntime.Core.Exec;

namespace PluginRuntime.Host.Auth;

/// <summary>
/// Turns a request's credentials (API key or bearer token, from header, query or cookie) into the <see cref="Caller"/>
/// every face checks access with. Shared by the websocket, REST and MQTT faces so they agree on who may do what.
/// </summary>
internal interface IRequestAuthenticator
{
    /// <summary>The caller, or a failure that says what was wrong with the credentials (never echoing a secret).</summary>
    AuthenticationResult Authenticate(HttpContext context);
}

/// <summary>Either an authenticated caller or why there is none.</summary>
internal sealed record AuthenticationResult(Caller? Caller, string? Failure)
{
    /// <summary>When the credential stops being valid (a bearer token's exp), or null if it has no expiry of its own.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    public static AuthenticationResult Success(Caller caller) => new(caller, null);

    public static AuthenticationResult Fail(string why) => new(null, why);
}
