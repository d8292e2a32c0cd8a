using System.Net.WebSockets;
using PluginRuntime.Core.Engine;
using PluginRuntime.Host.Auth;

namespace PluginRuntime.Host.Realtime;

/// <summary>
/// <c>/api/engine/v2/systems/control</c>: checks the request is a websocket upgrade (400 otherwise) and that it carries
/// a valid credential (401 otherwise, before anything is upgraded), then serves the connection until it closes.
/// </summary>
internal sealed class RealtimeEndpoint(RuntimeEngine engine, ConnectionRegistry connections, RealtimeOptions options, ILoggerFactory loggers)
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

        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            KeepAliveInterval = options.KeepAliveInterval,
            DangerousEnableCompression = false,
        });
        var connection = new RealtimeConnection(socket, engine, caller, options, _log, remote);
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
}
