using System.Threading.Channels;
using PluginRuntime.Core.Privacy;
using PluginRuntime.Core.State;
using PluginRuntime.Mqtt;

namespace PluginRuntime.Host.Mqtt;

/// <summary>
/// Feeds one target: status changes are queued by the state store's observer (which runs under a module's lock and
/// must only enqueue) and published by one loop per target, after the target's privacy filters.
/// </summary>
/// <remarks>
/// Memory stays bounded when a target falls behind: the queue is a bounded channel, and once it is full further
/// changes go to a map keyed by module and status key where the latest value wins, so the backlog is at most one
/// entry per status key. Order per key is kept: the loop drains the channel before the map, and while the map is
/// in use every new change goes there too. The loop also remembers which topics it has published for each key, so
/// a deleted key, a removed module or a module moved by a config edit has its old retained topics cleared.
/// </remarks>
internal sealed partial class MqttTargetPump : IAsyncDisposable
{
    public const int Capacity = 4096;

    private const int NoResync = 0;
    private const int TopologyResync = 1;
    private const int FullResync = 2;

    private readonly Channel<PumpItem> _items = Channel.CreateBounded<PumpItem>(new BoundedChannelOptions(Capacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait, // never waited on: writers use TryWrite and spill to the map
    });
    private readonly Lock _gate = new();
    private readonly Func<MqttTopicMap?> _map;
    private readonly StateStore _state;
    private readonly TimeProvider _time;
    private DateTimeOffset _lastCatchUpReport = DateTimeOffset.MinValue;
    private int _catchUps;
    private long _catchUpKeys;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<(string Module, string Key), (string[] Topics, long Time)> _published = [];
    private readonly Dictionary<string, byte[]> _publishedMetadata = new(StringComparer.Ordinal);
    private readonly HashSet<string> _warnedKeys = new(StringComparer.Ordinal);
    private Dictionary<(string Module, string Key), PumpItem> _overflow = [];
    private Dictionary<(string Module, string Key), PumpItem> _spare = [];
    private bool _overflowing;
    private int _resync;
    private volatile PrivacyFilterChain _filters;
    private Task _loop = Task.CompletedTask;

    public MqttTargetPump(IMqttTarget target, PrivacyFilterChain filters, Func<MqttTopicMap?> map, StateStore state, TimeProvider time, ILogger logger)
    {
        Target = target;
        _filters = filters;
        _map = map;
        _state = state;
        _time = time;
        _logger = logger;
        target.Connected += () => RequestResync(full: true);
    }

    public IMqttTarget Target { get; }

    public PrivacyFilterChain Filters => _filters;

    public void Start() => _loop = Task.Run(() => RunAsync(_stop.Token), CancellationToken.None);

    /// <summary>Called inline by the state store's observer: never blocks, never publishes.</summary>
    public void Enqueue(in StatusChange change, long unixMilliseconds)
    {
        var item = new PumpItem(change.ModuleId, change.Key, change.Value, unixMilliseconds);
        lock (_gate)
        {
            if (!_overflowing && _items.Writer.TryWrite(item))
            {
                return;
            }
            _overflowing = true;
            _overflow[(change.ModuleId, change.Key)] = item;
        }
    }

    /// <summary>
    /// Asks the loop to bring the target in line with the current topic map: a full resync republishes every value
    /// and metadata payload (after a reconnect or a filter change); otherwise only what moved or changed is published.
    /// </summary>
    public void RequestResync(bool full)
    {
        var wanted = full ? FullResync : TopologyResync;
        int current;
        do
        {
            current = Volatile.Read(ref _resync);
            if (current >= wanted)
            {
                break;
            }
        }
        while (Interlocked.CompareExchange(ref _resync, wanted, current) != current);
        // If the channel is full the loop is busy and checks the request before it next waits.
        _items.Writer.TryWrite(PumpItem.Wake);
    }

    /// <summary>Switches to other filters; everything is republished through them.</summary>
    public void UseFilters(PrivacyFilterChain filters)
    {
        _filters = filters;
        RequestResync(full: true);
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _items.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var resync = Interlocked.Exchange(ref _resync, NoResync);
                if (resync != NoResync)
                {
                    await ResyncAsync(resync == FullResync, cancellationToken).ConfigureAwait(false);
                }
                while (_items.Reader.TryRead(out var item))
                {
                    if (item.ModuleId is not null)
                    {
                        await ApplyAsync(item, cancellationToken).ConfigureAwait(false);
                    }
                }
                Dictionary<(string, string), PumpItem>? batch = null;
                lock (_gate)
                {
                    if (_items.Reader.Count > 0)
                    {
                        continue;
                    }
                    if (_overflow.Count > 0)
                    {
                        batch = _overflow;
                        _overflow = _spare;
                    }
                    _overflowing = false;
                }
                if (batch is not null)
                {
                    ReportCatchUp(batch.Count);
                    foreach (var item in batch.Values)
                    {
                        await ApplyAsync(item, cancellationToken).ConfigureAwait(false);
                    }
                    batch.Clear();
                    _spare = batch;
                    continue;
                }
                if (Volatile.Read(ref _resync) != NoResync)
                {
                    continue;
                }
                if (!await _items.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // Nothing here should throw; if it does, say so loudly rather than stop publishing silently.
            LogLoopFailed(Target.Name, ex);
        }
    }

    private async ValueTask ApplyAsync(PumpItem item, CancellationToken cancellationToken)
    {
        if (!Target.IsConnected || _map() is not { } map)
        {
            // An unreachable broker gets everything again on reconnect; until then the work would be wasted.
            return;
        }
        var id = (item.ModuleId!, item.Key);
        _published.TryGetValue(id, out var before);
        if (item.Value is null)
        {
            foreach (var topic in before.Topics ?? [])
            {
                await ClearAsync(topic, cancellationToken).ConfigureAwait(false);
            }
            _published.Remove(id);
            return;
        }
        var topics = map.StateTopics(item.ModuleId!, item.Key);
        if (topics.Length == 0 && !MqttTopicMap.IsValidKey(item.Key) && _warnedKeys.Add(item.Key))
        {
            LogKeyNotATopicLevel(Target.Name, item.ModuleId!, item.Key);
        }
        byte[]? value;
        try
        {
            value = _filters.Apply(item.Value);
        }
        catch (Exception ex)
        {
            // Fail closed: a value the filters could not inspect is not published.
            LogFilterFailed(Target.Name, item.ModuleId!, item.Key, ex);
            value = null;
        }
        if (value is null)
        {
            return; // dropped by a privacy filter: the topic keeps whatever it had
        }
        if (topics.Length > 0)
        {
            var payload = MqttStatePayload.Build(item.UnixMilliseconds, value);
            foreach (var topic in topics)
            {
                await PublishAsync(topic, payload, cancellationToken).ConfigureAwait(false);
            }
        }
        foreach (var topic in before.Topics ?? [])
        {
            if (Array.IndexOf(topics, topic) < 0)
            {
                await ClearAsync(topic, cancellationToken).ConfigureAwait(false);
            }
        }
        if (topics.Length > 0)
        {
            _published[id] = (topics, item.UnixMilliseconds);
        }
        else
        {
            _published.Remove(id);
        }
    }

    private async Task ResyncAsync(bool full, CancellationToken cancellationToken)
    {
        if (!Target.IsConnected || _map() is not { } map)
        {
            return;
        }
        LogResync(Target.Name, full ? "full" : "config change");
        foreach (var (topic, payload) in map.Metadata)
        {
            if (full || !_publishedMetadata.TryGetValue(topic, out var previous) || !previous.AsSpan().SequenceEqual(payload))
            {
                await PublishAsync(topic, payload, cancellationToken).ConfigureAwait(false);
                _publishedMetadata[topic] = payload;
            }
        }
        foreach (var topic in _publishedMetadata.Keys.Where(t => !map.Metadata.ContainsKey(t)).ToArray())
        {
            await ClearAsync(topic, cancellationToken).ConfigureAwait(false);
            _publishedMetadata.Remove(topic);
        }

        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var seen = new HashSet<(string, string)>();
        foreach (var moduleId in map.Modules)
        {
            foreach (var (key, value) in _state.For(moduleId).Snapshot())
            {
                var id = (moduleId, key);
                seen.Add(id);
                var known = _published.TryGetValue(id, out var before);
                if (!full && known && before.Topics.AsSpan().SequenceEqual(map.StateTopics(moduleId, key)))
                {
                    continue; // in place already; its changes arrive through the queue
                }
                // The time is when the value last changed, as far as this target knows; otherwise now.
                await ApplyAsync(new PumpItem(moduleId, key, value, known ? before.Time : now), cancellationToken).ConfigureAwait(false);
            }
        }
        foreach (var (moduleId, key) in _published.Keys.Where(k => !seen.Contains(k)).ToArray())
        {
            await ApplyAsync(new PumpItem(moduleId, key, null, now), cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask PublishAsync(string topic, byte[] payload, CancellationToken cancellationToken)
    {
        try
        {
            await Target.PublishAsync(new MqttApplicationMessage
            {
                Topic = topic,
                Payload = payload,
                QualityOfService = MqttQualityOfService.AtLeastOnce,
                Retain = true,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // One bad message (e.g. a key that is not valid UTF-8 text) must not stop the target's other topics.
            LogPublishFailed(Target.Name, topic, ex);
        }
    }

    /// <summary>An empty retained message removes the topic's retained value (MQTT 3.3.1.3).</summary>
    private ValueTask ClearAsync(string topic, CancellationToken cancellationToken) => PublishAsync(topic, [], cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "MQTT {Target}: publishing {Kind} state and metadata")]
    private partial void LogResync(string target, string kind);

    // Under a sustained burst a target may catch up many times a second: say so at most once a minute, with totals.
    private void ReportCatchUp(int keys)
    {
        _catchUps++;
        _catchUpKeys += keys;
        var now = _time.GetUtcNow();
        if (now - _lastCatchUpReport < TimeSpan.FromMinutes(1))
        {
            return;
        }
        LogCaughtUp(Target.Name, _catchUps, _catchUpKeys);
        _lastCatchUpReport = now;
        _catchUps = 0;
        _catchUpKeys = 0;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT {Target} fell behind the status changes {Times} time(s); it skipped to the latest value of {Keys} status key(s) in all (older values of those keys were not published)")]
    private partial void LogCaughtUp(string target, int times, long keys);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT {Target}: status key '{Key}' of {ModuleId} can't be a topic level ('/', '+', '#' or empty); it is not published")]
    private partial void LogKeyNotATopicLevel(string target, string moduleId, string key);

    [LoggerMessage(Level = LogLevel.Error, Message = "MQTT {Target}: privacy filters failed on {ModuleId}.{Key}; the value is not published")]
    private partial void LogFilterFailed(string target, string moduleId, string key, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT {Target}: could not publish to {Topic}")]
    private partial void LogPublishFailed(string target, string topic, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "MQTT {Target}: the publisher loop failed; this target gets no more state until restart")]
    private partial void LogLoopFailed(string target, Exception exception);
}
