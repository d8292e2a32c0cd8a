using System.Text.Json;
using System.Text.Json.Nodes;
using SocketIOClient;
using SocketIOClient.Transport;

namespace PluginRuntime.Drivers.Pdk.Connection;

/// <summary>
/// <see cref="IPanelConnection"/> over SocketIOClient: Socket.IO 2 (Engine.IO protocol 3, <c>EIO = 3</c>) over a
/// websocket, the panel token in the query. The client's own reconnection is off: the driver reconnects with its
/// backoff and, after a token renewal, with the new token.
/// </summary>
public sealed class SocketIoPanelConnection : IPanelConnection
{
    private readonly TimeSpan _connectTimeout;
    private readonly Lock _lock = new();
    private SocketIO? _client;

    /// <summary>Creates the connection; <paramref name="connectTimeout"/> bounds each connect attempt.</summary>
    public SocketIoPanelConnection(TimeSpan connectTimeout)
    {
        _connectTimeout = connectTimeout;
    }

    /// <inheritdoc/>
    public async Task ConnectAsync(Uri panelUrl, string token, IPanelListener listener, CancellationToken cancellationToken)
    {
        await DisconnectAsync().ConfigureAwait(false);
        var client = new SocketIO(panelUrl, new SocketIOOptions
        {
            EIO = 3,
            Query = [new KeyValuePair<string, string>("token", token)],
            Transport = TransportProtocol.WebSocket,
            Reconnection = false,
            ConnectionTimeout = _connectTimeout,
        });
        client.ClientWebSocketProvider = () => new WellFormedPacketFilter(3, listener.OnMalformed);
        var refused = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        // With Engine.IO 3, ConnectAsync returns before the namespace is joined: OnConnected says when it is.
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.OnConnected += (_, _) => connected.TrySetResult();
        int disconnected = 0;
        client.OnAny((name, response) => listener.OnEvent(name, response.Count > 0 ? response.GetValue(0).Clone() : null));
        // The panel's auth middleware answers a bad token with an error packet ("Authentication error").
        client.OnError += (_, error) => refused.TrySetResult(error);
        client.OnDisconnected += (_, reason) =>
        {
            bool current;
            lock (_lock)
            {
                current = ReferenceEquals(_client, client);
            }
            if (current && Interlocked.Exchange(ref disconnected, 1) == 0)
            {
                listener.OnDisconnected(reason);
            }
        };
        lock (_lock)
        {
            _client = client;
        }

        using var stopTimer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var connect = client.ConnectAsync();
        var timeout = Task.Delay(_connectTimeout, stopTimer.Token);
        var finished = await Task.WhenAny(connect, refused.Task, timeout).ConfigureAwait(false);
        if (finished == connect && connect.IsCompletedSuccessfully)
        {
            finished = await Task.WhenAny(connected.Task, refused.Task, timeout).ConfigureAwait(false);
            if (finished == connected.Task)
            {
                await stopTimer.CancelAsync().ConfigureAwait(false);
                return;
            }
        }
        await DisconnectAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (finished == refused.Task)
        {
            string error = refused.Task.Result;
            throw new PanelConnectionException($"The panel at {panelUrl} refused the connection: {error}",
                tokenRefused: error.Contains("auth", StringComparison.OrdinalIgnoreCase) || error.Contains("token", StringComparison.OrdinalIgnoreCase));
        }
        throw new PanelConnectionException(finished == connect && connect.Exception is { } ex
            ? $"Could not connect to the panel at {panelUrl}: {ex.GetBaseException().Message}"
            : $"Could not connect to the panel at {panelUrl} within {_connectTimeout.TotalSeconds} s.", inner: connect.Exception);
    }

    /// <inheritdoc/>
    public Task EmitAsync(string eventName, JsonNode payload, CancellationToken cancellationToken)
    {
        SocketIO? client;
        lock (_lock)
        {
            client = _client;
        }
        if (client is not { Connected: true })
        {
            throw new PanelConnectionException("Not connected to the panel.");
        }
        // One JSON argument, serialised as the node is (SocketIOClient serialises with System.Text.Json).
        return client.EmitAsync(eventName, cancellationToken, JsonSerializer.SerializeToElement(payload));
    }

    /// <inheritdoc/>
    public async Task DisconnectAsync()
    {
        SocketIO? client;
        lock (_lock)
        {
            client = _client;
            _client = null;
        }
        if (client is null)
        {
            return;
        }
        try
        {
            if (client.Connected)
            {
                await client.DisconnectAsync().ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Closing a broken connection may throw; it is gone either way.
        }
        finally
        {
            client.Dispose();
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync() => await DisconnectAsync().ConfigureAwait(false);
}
