using System.Net.Security;
using PluginRuntime.Core.Config;
using PluginRuntime.Mqtt;
using PluginRuntime.Mqtt.Client;

namespace PluginRuntime.Host.Mqtt;

/// <summary>
/// An external broker from the config, reached with the MQTT client: TLS, credentials and version as configured.
/// It keeps retrying until the broker is reachable; after every (re)connect the pump republishes everything.
/// </summary>
internal sealed partial class ExternalBrokerTarget : IMqttTarget
{
    /// <summary>Unacknowledged QoS 1 publishes kept in flight before waiting for the oldest, so a burst is pipelined.</summary>
    private const int Window = 256;

    private static readonly TimeSpan RetryMin = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan RetryMax = TimeSpan.FromSeconds(10);

    private readonly MqttClient _client;
    private readonly ILogger _logger;
    private readonly Queue<Task<MqttReasonCode>> _window = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _connecting = Task.CompletedTask;

    public ExternalBrokerTarget(MqttBrokerConfig config, string org, ILoggerFactory loggers)
    {
        Config = config;
        _logger = loggers.CreateLogger<ExternalBrokerTarget>();
        _client = new MqttClient(new MqttClientOptions
        {
            Host = config.Host,
            Port = config.Port,
            Tls = config.Tls ? new SslClientAuthenticationOptions { TargetHost = config.Host } : null,
            ProtocolVersion = config.Version == MqttBrokerVersion.V500 ? MqttProtocolVersion.V500 : MqttProtocolVersion.V311,
            // Stable per runtime and broker entry, so a restarted runtime takes over its own old session.
            ClientId = $"pluginruntime-{org}-{config.Name}",
            Username = config.Username,
            Password = config.Password,
            ReconnectDelayMax = RetryMax,
        }, loggers.CreateLogger<MqttClient>());
        _client.Connected += (_, _) =>
        {
            LogConnected(Name, config.Host, config.Port);
            Connected?.Invoke();
        };
        _client.Disconnected += (_, _) => LogDisconnected(Name, config.Host, config.Port);
    }

    public string Name => Config.Name;

    public MqttBrokerConfig Config { get; }

    public bool IsConnected => _client.IsConnected;

    public event Action? Connected;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _connecting = Task.Run(() => ConnectUntilUpAsync(_stop.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async ValueTask PublishAsync(MqttApplicationMessage message, CancellationToken cancellationToken)
    {
        _window.Enqueue(_client.PublishAsync(message, cancellationToken));
        while (_window.Count > Window || (_window.TryPeek(out var oldest) && oldest.IsCompleted))
        {
            await ObserveAsync(_window.Dequeue()).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await _connecting.ConfigureAwait(false);
        await _client.DisposeAsync().ConfigureAwait(false);
        while (_window.TryDequeue(out var pending))
        {
            await ObserveAsync(pending).ConfigureAwait(false);
        }
        _stop.Dispose();
    }

    private async Task ObserveAsync(Task<MqttReasonCode> publish)
    {
        try
        {
            await publish.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // A publish lost with a connection is republished by the full resync after the reconnect.
            LogPublishLost(Name, ex.Message);
        }
    }

    /// <summary>
    /// The client reconnects by itself only after a first success, so the first connection is retried here, with
    /// backoff, for as long as the runtime runs: a broker that is down at startup is picked up when it comes up.
    /// </summary>
    private async Task ConnectUntilUpAsync(CancellationToken cancellationToken)
    {
        var delay = RetryMin;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await _client.ConnectAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogConnectFailed(Name, Config.Host, Config.Port, ex.Message, delay);
            }
            try
            {
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, RetryMax.Ticks));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "MQTT broker '{Name}' connected ({Host}:{Port})")]
    private partial void LogConnected(string name, string host, int port);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT broker '{Name}' disconnected ({Host}:{Port}); reconnecting")]
    private partial void LogDisconnected(string name, string host, int port);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT broker '{Name}' at {Host}:{Port} unreachable: {Reason}; retrying in {Delay}")]
    private partial void LogConnectFailed(string name, string host, int port, string reason, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Debug, Message = "MQTT broker '{Name}': a publish was not acknowledged ({Reason})")]
    private partial void LogPublishLost(string name, string reason);
}
