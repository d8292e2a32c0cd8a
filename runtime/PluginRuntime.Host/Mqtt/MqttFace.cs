using System.Threading.Channels;
using PluginRuntime.Core.Config;
using PluginRuntime.Core.Engine;
using PluginRuntime.Core.Privacy;
using PluginRuntime.Core.State;

namespace PluginRuntime.Host.Mqtt;

/// <summary>
/// The MQTT face: publishes every status change of every module in a system, and the metadata of the org, zones,
/// systems and drivers, to the embedded broker and to each external broker in the config, each through its own
/// privacy filters and its own publisher loop. Follows config edits: targets come and go with the config, and
/// topics move when systems, zones or modules do.
/// </summary>
internal sealed partial class MqttFace : IHostedService, IAsyncDisposable
{
    private readonly RuntimeEngine _engine;
    private readonly IMqttCredentialsAuthenticator _authenticator;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    // Config applies only ring this; the control loop does the (async) work, so the engine never waits on MQTT.
    private readonly Channel<bool> _configChanged = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _reconcileLock = new(1, 1);
    private readonly List<MqttTargetPump> _targets = [];
    private volatile MqttTargetPump[] _pumps = [];
    private volatile MqttTopicMap? _map;
    private volatile EmbeddedBrokerTarget? _embedded;
    private IDisposable? _subscription;
    private Task _controlLoop = Task.CompletedTask;
    private int _stopped;

    public MqttFace(RuntimeEngine engine, IMqttCredentialsAuthenticator authenticator, TimeProvider time, ILoggerFactory loggers)
    {
        _engine = engine;
        _authenticator = authenticator;
        _time = time;
        _loggers = loggers;
        _logger = loggers.CreateLogger<MqttFace>();
    }

    /// <summary>The embedded broker while the config enables it (the websocket endpoint serves through it).</summary>
    public EmbeddedBrokerTarget? Embedded => _embedded;

    /// <summary>Raised after the face has followed a config (started or edited): targets and topic map are in place.</summary>
    public event Action? Reconciled;

    /// <summary>The targets being fed, for diagnostics and tests.</summary>
    public IReadOnlyList<IMqttTarget> Targets => [.. _pumps.Select(p => p.Target)];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Subscribe first, then build the targets from the config: each new target starts with a full snapshot,
        // and every change after the subscription is also queued, so nothing falls between the two.
        _subscription = _engine.State.Subscribe(OnStatusChanged);
        _engine.Applied += OnApplied;
        await ReconcileAsync().ConfigureAwait(false);
        _controlLoop = Task.Run(ControlLoopAsync, CancellationToken.None);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }
        _engine.Applied -= OnApplied;
        _subscription?.Dispose();
        _configChanged.Writer.TryComplete();
        _stop.Cancel();
        await _controlLoop.ConfigureAwait(false);
        await _reconcileLock.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            _pumps = [];
            _embedded = null;
            foreach (var pump in _targets)
            {
                await StopTargetAsync(pump).ConfigureAwait(false);
            }
            _targets.Clear();
        }
        finally
        {
            _reconcileLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _stop.Dispose();
    }

    /// <summary>Runs inline under a module's status lock: stamp and enqueue, nothing else.</summary>
    private void OnStatusChanged(StatusChange change)
    {
        var pumps = _pumps;
        if (pumps.Length == 0)
        {
            return;
        }
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var pump in pumps)
        {
            pump.Enqueue(change, now);
        }
    }

    private void OnApplied(ApplyReport report) => _configChanged.Writer.TryWrite(true);

    private async Task ControlLoopAsync()
    {
        try
        {
            await foreach (var _ in _configChanged.Reader.ReadAllAsync(_stop.Token).ConfigureAwait(false))
            {
                try
                {
                    await ReconcileAsync().ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogReconcileFailed(ex);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Brings the topic map and the set of targets in line with the running config.</summary>
    private async Task ReconcileAsync()
    {
        await _reconcileLock.WaitAsync(_stop.Token).ConfigureAwait(false);
        try
        {
            if (_engine.Config is not { } config)
            {
                return; // no valid config yet: nothing to publish, and no port to listen on
            }
            _map = MqttTopicMap.Build(config, _engine.Directory, _engine.LoadedDrivers);

            var keep = new List<MqttTargetPump>();
            var added = new List<MqttTargetPump>();
            foreach (var pump in _targets)
            {
                var wanted = pump.Target switch
                {
                    EmbeddedBrokerTarget e => config.Mqtt.Embedded is { Enabled: true } c && c.Port == e.Config.Port && c.Address == e.Config.Address,
                    ExternalBrokerTarget x => config.Mqtt.Brokers.Any(b => b.SameAs(x.Config)),
                    _ => false,
                };
                if (wanted)
                {
                    keep.Add(pump);
                }
                else
                {
                    LogTargetRemoved(pump.Target.Name);
                    await StopTargetAsync(pump).ConfigureAwait(false);
                }
            }

            var embeddedConfig = config.Mqtt.Embedded;
            if (embeddedConfig.Enabled && !keep.Any(p => p.Target is EmbeddedBrokerTarget))
            {
                added.Add(CreatePump(new EmbeddedBrokerTarget(embeddedConfig, _authenticator, _engine, _loggers), config, embeddedConfig.Filters));
            }
            foreach (var broker in config.Mqtt.Brokers)
            {
                if (!keep.Any(p => p.Target is ExternalBrokerTarget x && x.Config.SameAs(broker)))
                {
                    added.Add(CreatePump(new ExternalBrokerTarget(broker, config.Org.Id, _loggers), config, broker.Filters));
                }
            }

            // Kept targets: same connection, but the filters or the topics may have changed.
            foreach (var pump in keep)
            {
                var names = pump.Target switch
                {
                    EmbeddedBrokerTarget => embeddedConfig.Filters,
                    ExternalBrokerTarget x => x.Config.Filters,
                    _ => null,
                };
                var filters = FiltersFor(config, names);
                if (pump.Filters.Signature != filters.Signature)
                {
                    pump.UseFilters(filters);
                }
                else
                {
                    pump.RequestResync(full: false);
                }
            }

            foreach (var pump in added)
            {
                await pump.Target.StartAsync(_stop.Token).ConfigureAwait(false);
            }
            _targets.Clear();
            _targets.AddRange(keep.Concat(added));
            _embedded = (EmbeddedBrokerTarget?)_targets.Select(p => p.Target).FirstOrDefault(t => t is EmbeddedBrokerTarget);
            // Visible to the status observer before the first snapshot is taken (see StartAsync).
            _pumps = [.. _targets];
            foreach (var pump in added)
            {
                pump.Start();
                pump.RequestResync(full: true);
            }
        }
        finally
        {
            _reconcileLock.Release();
        }
        try
        {
            Reconciled?.Invoke();
        }
        catch (Exception ex)
        {
            LogReconcileFailed(ex);
        }
    }

    private MqttTargetPump CreatePump(IMqttTarget target, RuntimeConfig config, IReadOnlyList<string>? filterNames)
    {
        LogTargetAdded(target.Name);
        return new MqttTargetPump(target, FiltersFor(config, filterNames), () => _map, _engine.State, _time, _loggers.CreateLogger<MqttTargetPump>());
    }

    /// <summary>A target that names no filters gets every declared one: privacy is on unless a target opts out with <c>filters: []</c>.</summary>
    private static PrivacyFilterChain FiltersFor(RuntimeConfig config, IReadOnlyList<string>? names) =>
        new(names is null ? config.PrivacyFilters : names.Select(n => config.PrivacyFilters.First(f => f.Name == n)));

    private static async Task StopTargetAsync(MqttTargetPump pump)
    {
        await pump.DisposeAsync().ConfigureAwait(false);
        await pump.Target.DisposeAsync().ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "MQTT target {Name} added")]
    private partial void LogTargetAdded(string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "MQTT target {Name} removed or replaced by a config edit")]
    private partial void LogTargetRemoved(string name);

    [LoggerMessage(Level = LogLevel.Error, Message = "MQTT face could not follow a config change; the previous targets keep running")]
    private partial void LogReconcileFailed(Exception exception);
}
