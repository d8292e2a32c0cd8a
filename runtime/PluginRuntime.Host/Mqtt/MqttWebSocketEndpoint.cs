using System.Net;
using System.Net.WebSockets;

namespace PluginRuntime.Host.Mqtt;

/// <summary>
/// <c>/api/mqtt/</c>: a websocket whose binary messages carry MQTT packets (MQTT 3.1.1 §6 / 5.0 §6), handed to the
/// embedded broker as a stream. Authentication is MQTT's own: an API key as the CONNECT password.
/// </summary>
internal static partial class MqttWebSocketEndpoint
{
    public const string Path = "/api/mqtt";

    /// <summary>The subprotocol MQTT clients ask for; <c>mqttv3.1</c> is what some old 3.1 clients send.</summary>
    private static readonly string[] SubProtocols = ["mqtt", "mqttv3.1"];

    public static async Task HandleAsync(HttpContext context, MqttFace face, IHostApplicationLifetime lifetime, ILoggerFactory loggers)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("MQTT over websocket: open a websocket here with subprotocol 'mqtt' and send an API key as the MQTT password.", context.RequestAborted);
            return;
        }
        if (face.Embedded is not { Config.WebSocket: true } embedded)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            await context.Response.WriteAsync("The embedded MQTT broker's websocket is off (mqtt: embedded: enabled / websocket: in the config).", context.RequestAborted);
            return;
        }
        var requested = context.WebSockets.WebSocketRequestedProtocols;
        var subProtocol = SubProtocols.FirstOrDefault(p => requested.Contains(p, StringComparer.OrdinalIgnoreCase));
        if (requested.Count > 0 && subProtocol is null)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync($"Unsupported websocket subprotocol ({string.Join(", ", requested)}); MQTT clients ask for 'mqtt'.", context.RequestAborted);
            return;
        }
        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { SubProtocol = subProtocol });
        var remote = context.Connection.RemoteIpAddress is { } ip ? new IPEndPoint(ip, context.Connection.RemotePort) : null;
        // The broker owns and disposes the stream; the stream owns the socket. Each write is sent as one binary message.
        var stream = WebSocketStream.Create(socket, WebSocketMessageType.Binary, ownsWebSocket: true);
        // Kestrel stops before the MQTT face and waits for open requests: end the MQTT session when the host stops,
        // or shutdown would wait for every websocket client to leave on its own.
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        try
        {
            await embedded.Broker.HandleConnectionAsync(stream, remote, ended.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            LogClosed(loggers.CreateLogger(typeof(MqttWebSocketEndpoint)), remote?.ToString() ?? "?", ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "MQTT websocket client {Remote} went away: {Reason}")]
    private static partial void LogClosed(ILogger logger, string remote, string reason);
}
