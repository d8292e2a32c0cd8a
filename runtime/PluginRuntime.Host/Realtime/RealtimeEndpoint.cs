using System.Net.WebSockets;
using PluginRuntime.Core.Engine;
using PluginRuntime.Host.Auth;

namespace PluginRuntime.Host.Realtime;

/// <summary>
/// <c>/api/engine/v2/systems/control</c>: checks the request is a websocket upgrade (400 otherwise) and that it carries
/// a valid credential (401 otherwise, before anything is upgraded), then serves the connection until it closes.
/// </summary>
internal sealed class RealtimeEndpoint(RuntimeEngine engine, ConnectionRegistry connections, RealtimeOptions options, ILoggerFactory loggers,
    TimeProvider time)
{
    public const string Path = "/api/engine/v2/systems/control";

    private readonly ILogger _log = loggers.CreateLogger("PluginRuntime.Host.Realtime");

    public async Task HandleAsync(HttpContext context)
    {
        string remote = $"{context.Connection.RemoteIpAddress}:{context.Connection.RemotePort}";
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync(
                "This is the real-time websocket: connect with a websocket upgrade (ws:// or wss://) and an API key or bearer token.");
            return;
        }
        // No authenticator registered means no credential can be valid: refuse rather than serve anonymously.
        var authenticator = context.RequestServices.GetService<IRequestAuthenticator>();
        var authentication = authenticator?.Authenticate(context) ?? AuthenticationResult.Fail("no authenticator is configured on this host");
        if (authentication.Caller is not { } caller)
        {
            string failure = authentication.Failure ?? "no valid credential";
            _log.Refused(remote, failure);
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await context.Response.WriteAsync(
                $"Unauthorized: {failure}. Send an API key (X-API-Key header, api-key query or cookie) or a bearer token.");
            return;
        }

        // A cookie is sent by the browser whichever page opens the socket (CORS doesn't cover websockets), so it
        // only counts from this host's own pages or an allowed origin. Header and query credentials can't be
        // attached by a foreign page without knowing the secret, so they count from anywhere.
        if (CredentialReader.Read(context.Request, out _) is { FromCookie: true } cookie
            && !OriginCheck.IsAllowed(context.Request, options.AllowedOrigins, out string origin))
        {
            string shown = SafeText.Printable(origin, 64);
            _log.Refused(remote, $"{cookie.Source} sent from foreign origin '{shown}'");
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.Response.WriteAsync(
                $"Forbidden: the credential came from {cookie.Source}, and the page's origin '{shown}' is not this host " +
                $"('{context.Request.Host}'). Browsers attach cookies to websockets opened by any site, so a cookie only counts " +
                "from this host's pages or an origin in RealtimeOptions.AllowedOrigins; otherwise send the credential in the " +
                "X-API-Key header or the api-key / bearer_token query parameter.");
            return;
        }
        if (!connections.TryReserve(caller.Name, options.MaxConnectionsPerCaller))
        {
            _log.Refused(remote, $"'{caller.Name}' already has {options.MaxConnectionsPerCaller} connections open");
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            await context.Response.WriteAsync(
                $"Too many connections: '{caller.Name}' already has {options.MaxConnectionsPerCaller} open, the most allowed " +
                "(RealtimeOptions.MaxConnectionsPerCaller). Close some, or share one connection: it carries any number of bindings.");
            return;
        }
        try
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
            {
                KeepAliveInterval = options.KeepAliveInterval,
                KeepAliveTimeout = options.KeepAliveTimeout,
                DangerousEnableCompression = false,
            });
            if (context.Features.Get<UpgradeStreamCapture>()?.Stream is not { } stream)
            {
                // Only a wiring mistake gets here (see RealtimeFace.MapRealtimeFace): say so rather than serve half a socket.
                _log.Unexpected(0, "(upgrade)", new InvalidOperationException(
                    "The upgraded stream was not captured: UpgradeStreamCapture must be installed before any UseWebSockets."));
                await socket.CloseOutputAsync(WebSocketCloseStatus.InternalServerError, "server misconfigured", context.RequestAborted);
                return;
            }
            // Re-checked on every config apply (and at a token's expiry) by authenticating this request again: it is
            // still in progress, so its headers, query and cookies stay readable until the connection ends.
            var connection = new RealtimeConnection(socket, stream, engine, caller, options, _log, remote,
                () => authenticator!.Authenticate(context), authentication.ExpiresAt, time);
            connections.Add(connection);
            try
            {
                await connection.RunAsync(context.RequestAborted);
            }
            finally
            {
                connections.Remove(connection);
            }
        }
        finally
        {
            connections.Release(caller.Name);
        }
    }
}
