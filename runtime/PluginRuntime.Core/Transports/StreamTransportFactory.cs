using Microsoft.Extensions.Logging;
using PluginRuntime.Core.Modules;
using PluginRuntime.Sdk.Transports;

namespace PluginRuntime.Core.Transports;

/// <summary>Creates a module's TCP (ip + port) or WebSocket (ws/wss uri) connection with the engine's reconnect policy.</summary>
internal sealed class StreamTransportFactory(TimeProvider time, RuntimeOptions options) : IStreamTransportFactory
{
    private readonly ReconnectPolicy _policy = new()
    {
        InitialDelay = options.ReconnectInitialDelay,
        MaxDelay = options.ReconnectMaxDelay,
    };

    public IManagedStreamTransport? Create(ModuleConnection connection, IFrameDecoder? framing, StreamEvents events, ILogger logger)
    {
        var callbacks = new StreamTransportCallbacks
        {
            OnFrame = events.OnFrame,
            OnConnected = events.OnConnected,
            OnDisconnected = events.OnDisconnected,
        };
        if (connection.IsTcp)
        {
            return new TcpStreamTransport(connection.Ip!, connection.Port!.Value, framing, callbacks, _policy, time, logger);
        }
        if (connection.IsWebSocket)
        {
            return new WebSocketStreamTransport(connection.Uri!, framing, callbacks, _policy, time, logger);
        }
        return null;
    }
}
