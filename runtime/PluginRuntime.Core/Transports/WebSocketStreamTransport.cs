using System.Net.WebSockets;
using Microsoft.Extensions.Logging;
using PluginRuntime.Sdk.Transports;

namespace PluginRuntime.Core.Transports;

/// <summary>
/// A module's WebSocket connection to a device or service (a <c>ws://</c> or <c>wss://</c> <c>uri</c> in its
/// config), kept up with backoff. Without a decoder each received message is one frame; with one, the messages'
/// bytes are treated as one stream and framed by it.
/// </summary>
internal sealed class WebSocketStreamTransport : ReconnectingStreamTransport
{
    private readonly Uri _uri;
    private readonly WebSocketMessageType _sendAs;

    /// <param name="sendAs">
    /// The message type of what the module sends. Text by default: the WebSocket device APIs this runtime speaks
    /// (PlaceOS, ResIOT) exchange JSON text, and many servers refuse JSON sent as binary.
    /// </param>
    public WebSocketStreamTransport(
        Uri uri,
        IFrameDecoder? decoder,
        StreamTransportCallbacks callbacks,
        ReconnectPolicy policy,
        TimeProvider time,
        ILogger logger,
        WebSocketMessageType sendAs = WebSocketMessageType.Text)
        : base(FormatEndpoint(uri), decoder, callbacks, policy, time, logger)
    {
        if (sendAs is not (WebSocketMessageType.Text or WebSocketMessageType.Binary))
        {
            throw new ArgumentOutOfRangeException(nameof(sendAs), sendAs, "Send as Text or Binary.");
        }
        _uri = uri;
        _sendAs = sendAs;
    }

    protected override async Task<ITransportConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        try
        {
            await socket.ConnectAsync(_uri, cancellationToken).ConfigureAwait(false);
            return new WebSocketConnection(socket, _sendAs, Time);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The uri without user info or query, which often carry credentials and end up in logs.</summary>
    private static string FormatEndpoint(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeWs && uri.Scheme != Uri.UriSchemeWss))
        {
            throw new ArgumentException($"A WebSocket uri must be absolute and start with ws:// or wss:// (got '{uri}').", nameof(uri));
        }
        return uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
    }
}
