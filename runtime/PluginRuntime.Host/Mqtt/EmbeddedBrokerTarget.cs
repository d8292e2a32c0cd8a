using System.Net;
using System.Net.Sockets;
using PluginRuntime.Core.Config;
using PluginRuntime.Mqtt;
using PluginRuntime.Mqtt.Broker;

namespace PluginRuntime.Host.Mqtt;

/// <summary>
/// The in-process broker: serves MQTT over TCP on the configured port (and over websocket through the host), and
/// receives state by direct calls. Clients authenticate with an API key; users may only read and subscribe.
/// </summary>
internal sealed partial class EmbeddedBrokerTarget : IMqttTarget
{
    private readonly ILogger _logger;

    public EmbeddedBrokerTarget(EmbeddedMqttConfig config, IMqttCredentialsAuthenticator authenticator, Core.Engine.RuntimeEngine engine,
        ILoggerFactory loggers)
    {
        Config = config;
        _logger = loggers.CreateLogger<EmbeddedBrokerTarget>();
        Broker = new MqttBroker(new MqttBrokerOptions
        {
            Endpoint = new IPEndPoint(IPAddress.Parse(config.Address), config.Port),
            AuthenticateAsync = async (request, cancellationToken) =>
            {
                var result = await authenticator.AuthenticateAsync(request.Username, request.Password, cancellationToken).ConfigureAwait(false);
                if (!result.Succeeded)
                {
                    LogRefused(request.ClientId, request.RemoteEndPoint?.ToString() ?? "websocket", result.Failure!);
                    return MqttReasonCode.BadUserNameOrPassword;
                }
                request.State = result;
                return MqttReasonCode.Success;
            },
            AuthorizePublish = (request, topic) =>
            {
                if (request.State is MqttCredentialsResult { MayPublish: true })
                {
                    return true;
                }
                LogPublishDenied(request.ClientId, (request.State as MqttCredentialsResult)?.Name ?? "?", topic);
                return false;
            },
            AuthorizeSubscribe = (request, filter) =>
            {
                var credentials = request.State as MqttCredentialsResult;
                if (MqttSubscriptionScope.Allows(credentials?.Caller, filter, engine))
                {
                    return true;
                }
                LogSubscribeDenied(request.ClientId, credentials?.Name ?? "?", filter);
                return false;
            },
            // Without a reason code in 3.1.1, closing is the only way to tell a read-only client it may not publish.
            CloseDeniedV311Publishers = true,
        }, loggers.CreateLogger<MqttBroker>());
    }

    public string Name => "embedded";

    public EmbeddedMqttConfig Config { get; }

    public MqttBroker Broker { get; }

    /// <summary>The TCP port clients connect to; null when the listener could not bind (websocket still works).</summary>
    public int? TcpPort { get; private set; }

    public bool IsConnected => true;

    // The broker is in-process: it is never disconnected from the runtime.
    public event Action? Connected
    {
        add { }
        remove { }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            Broker.StartAsync(cancellationToken);
            TcpPort = Broker.Port;
            LogListening(Config.Address, Broker.Port);
        }
        catch (SocketException ex)
        {
            // A taken port (another broker on 1883, say) must not stop the runtime: websocket clients and external
            // brokers still get state. The log says how to fix it.
            LogCannotListen(Config.Address, Config.Port, ex.Message);
        }
        return Task.CompletedTask;
    }

    public ValueTask PublishAsync(MqttApplicationMessage message, CancellationToken cancellationToken) => Broker.PublishAsync(message, cancellationToken);

    public ValueTask DisposeAsync() => Broker.DisposeAsync();

    [LoggerMessage(Level = LogLevel.Information, Message = "Embedded MQTT broker listening on {Address}:{Port}")]
    private partial void LogListening(string address, int port);

    [LoggerMessage(Level = LogLevel.Error, Message = "Embedded MQTT broker cannot listen on {Address}:{Port} ({Reason}); MQTT over TCP is off, websocket clients and external brokers still get state. Free the port or set mqtt: embedded: port: in the config")]
    private partial void LogCannotListen(string address, int port, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT client {ClientId} ({Remote}) refused: {Reason}")]
    private partial void LogRefused(string clientId, string remote, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT client {ClientId} ({Name}) may not publish (read-only role); refused its PUBLISH to {Topic}")]
    private partial void LogPublishDenied(string clientId, string name, string topic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT client {ClientId} ({Name}) may not subscribe to {Filter}: outside its systems")]
    private partial void LogSubscribeDenied(string clientId, string name, string filter);
}
