using Microsoft.AspNetCore.Http;
using PluginRuntime.Core.Exec;
using PluginRuntime.Host.Auth;
using PluginRuntime.Sdk;

namespace PluginRuntime.Host.Tests.Support;

/// <summary>
/// Stands in for the real API key / token authenticator: <c>X-API-Key: test-admin</c> is an admin of every system,
/// <c>test-user</c> a user of sys-1 only; anything else is refused.
/// </summary>
internal sealed class TestAuthenticator : IRequestAuthenticator
{
    public const string Admin = "test-admin";
    public const string User = "test-user";

    public AuthenticationResult Authenticate(HttpContext context) => context.Request.Headers["X-API-Key"].ToString() switch
    {
        Admin => AuthenticationResult.Success(new Caller(Admin, SecurityLevel.Admin)),
        User => AuthenticationResult.Success(new Caller(User, SecurityLevel.User, system => system == "sys-1")),
        "" => AuthenticationResult.Fail("no API key"),
        _ => AuthenticationResult.Fail("unknown API key"),
    };
}
