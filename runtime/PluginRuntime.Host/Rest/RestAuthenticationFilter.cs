using PluginRuntime.Core.Exec;
using PluginRuntime.Host.Auth;

namespace PluginRuntime.Host.Rest;

/// <summary>Authenticates every REST request before its handler runs: the handler gets a caller, or the client a 401.</summary>
internal sealed class RestAuthenticationFilter(IRequestAuthenticator authenticator) : IEndpointFilter
{
    private static readonly object CallerKey = new();

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var result = authenticator.Authenticate(http);
        if (result.Caller is null)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return ValueTask.FromResult<object?>(RestProblems.Unauthenticated(result.Failure ?? RequestAuthenticator.NoCredentials));
        }
        http.Items[CallerKey] = result.Caller;
        return next(context);
    }

    /// <summary>The caller this filter authenticated. Only endpoints behind the filter may ask.</summary>
    public static Caller CallerOf(HttpContext http) => http.Items.TryGetValue(CallerKey, out var caller) && caller is Caller c
        ? c
        : throw new InvalidOperationException("No authenticated caller: the endpoint is not behind RestAuthenticationFilter.");
}
