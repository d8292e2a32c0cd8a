using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PluginRuntime.Mqtt.Packets;

namespace PluginRuntime.Mqtt.Broker;

/// <summary>
/// An embedded MQTT 3.1.1 / 5.0 broker: TCP listener (or any stream via <see cref="HandleConnectionAsync"/>),
/// sessions, subscriptions with wildcards and shared groups, QoS 0/1/2, retained messages, wills and keepalive.
/// The host publishes into it with <see cref="PublishAsync"/>.
/// </summary>
public sealed class MqttBroker : IAsyncDisposable
{
    /// <summary>QoS 1/2 messages the broker keeps unacknowledged per client before queueing the rest.</summary>
    internal const int MaxInflightPerSession = 100;

    private readonly MqttBrokerOptions _options;
    private readonly ILogger _logger;
    private readonly object _lock = new();
    private readonly Dictionary<string, BrokerSession> _sessions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _shareCursors = new(StringComparer.Ordinal);
    private readonly SubscriptionTree _subscriptions = new();
    private readonly ConcurrentDictionary<string, (MqttApplicationMessage Message, long? ExpiresAt)> _retained = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<BrokerClientConnection, Task> _connections = new();
    private readonly CancellationTokenSource _stopping = new();
    private TcpListener? _listener;
    private Task _acceptLoop = Task.CompletedTask;
    private int _stopped;

    /// <summary>Creates a broker; nothing listens until <see cref="StartAsync"/>.</summary>
    public MqttBroker(MqttBrokerOptions options, ILogger<MqttBroker>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>The bound TCP endpoint (with the OS-chosen port when the options said 0).</summary>
    public IPEndPoint LocalEndPoint => (IPEndPoint?)_listener?.LocalEndpoint
        ?? throw new InvalidOperationException("The broker is not listening; call StartAsync first.");

    /// <summary>The bound TCP port.</summary>
    public int Port => LocalEndPoint.Port;

    /// <summary>Number of clients currently connected.</summary>
    public int ConnectedClientCount
    {
        get
        {
            lock (_lock)
                return _sessions.Values.Count(s => s.Connection is not null);
        }
    }

    /// <summary>Binds the TCP listener and starts accepting clients.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_listener is not null)
            throw new InvalidOperationException("The broker is already started.");
        _listener = new TcpListener(_options.Endpoint);
        _listener.Start();
        _logger.LogInformation("MQTT broker listening on {Endpoint}", _listener.LocalEndpoint);
        _acceptLoop = Task.Run(() => AcceptLoopAsync(_listener, _stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Serves one client over an already-open stream (e.g. a websocket wrapped as a stream). Completes when the
    /// client is gone; the broker owns and disposes the stream.
    /// </summary>
    public Task HandleConnectionAsync(Stream stream, EndPoint? remoteEndPoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var connection = new BrokerClientConnection(this, _options, stream, remoteEndPoint, _logger);
        var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        // Registered before it runs, so a connection that ends at once is still removed from the table.
        var registered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var task = Task.Run(async () =>
        {
            await registered.Task.ConfigureAwait(false);
            try
            {
                await connection.RunAsync(linked.Token).ConfigureAwait(false);
            }
            finally
            {
                _connections.TryRemove(connection, out _);
                linked.Dispose();
            }
        }, CancellationToken.None);
        _connections[connection] = task;
        registered.SetResult();
        return task;
    }

    /// <summary>Publishes a message from the host to every matching subscriber (and the retained store).</summary>
    public ValueTask PublishAsync(MqttApplicationMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!MqttTopic.IsValidTopicName(message.Topic))
            throw new ArgumentException($"'{message.Topic}' is not a valid topic name (non-empty, no '+' or '#').", nameof(message));
        Formatter.MqttUtf8.Encode(message.Topic); // same string rules as on the wire
        Route(message, publisherClientId: null);
        return ValueTask.CompletedTask;
    }

    /// <summary>Stops listening, disconnects every client (MQTT 5 clients get "server shutting down") and waits for them.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
            return;
        _listener?.Stop();
        foreach (var connection in _connections.Keys)
            _ = connection.CloseAsync(MqttReasonCode.ServerShuttingDown);
        _stopping.Cancel();
        try
        {
            await Task.WhenAll(_connections.Values.Append(_acceptLoop)).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _logger.LogWarning("MQTT broker stop: some connections did not close within 5 s");
        }
        lock (_lock)
        {
            foreach (var session in _sessions.Values)
            {
                session.ExpiryTimer?.Dispose();
                session.WillTimer?.Dispose();
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    internal int QueuedMessageCount(string clientId)
    {
        lock (_lock)
            return _sessions.TryGetValue(clientId, out var s) ? s.QueuedCount : 0;
    }

    internal bool HasSession(string clientId)
    {
        lock (_lock)
            return _sessions.ContainsKey(clientId);
    }

    internal (BrokerSession Session, bool Present) OpenSession(BrokerClientConnection connection, bool cleanStart, uint expiry)
    {
        var publishNow = new List<MqttApplicationMessage>();
        BrokerClientConnection? takenOver = null;
        BrokerSession session;
        bool present;
        lock (_lock)
        {
            if (_sessions.TryGetValue(connection.ClientId, out var existing))
            {
                if (existing.Connection is { } old && !ReferenceEquals(old, connection))
                {
                    // 3.1.4-3: the newer connection wins. Its will goes out now unless the session continues and
                    // the will was delayed (then the new connection arrived "before the delay" and it is dropped).
                    var (will, delay) = old.TakeWill();
                    existing.Detach(old);
                    takenOver = old;
                    if (will is not null && (cleanStart || delay == 0))
                        publishNow.Add(will);
                }
                existing.ExpiryTimer?.Dispose();
                existing.ExpiryTimer = null;
                existing.WillTimer?.Dispose();
                existing.WillTimer = null;
                if (existing.PendingWill is { } pending && cleanStart)
                    publishNow.Add(pending);
                existing.PendingWill = null;
                if (cleanStart)
                {
                    RemoveSessionLocked(existing);
                    existing = null;
                }
            }
            present = existing is not null;
            session = existing ?? new BrokerSession(connection.ClientId, _options.MaxQueuedMessagesPerSession, _options.TimeProvider);
            session.ExpiryInterval = expiry;
            _sessions[connection.ClientId] = session;
        }
        // Closed outside the lock: the close path of the old connection takes the same lock.
        if (takenOver is not null)
            _ = Task.Run(() => takenOver.CloseAsync(MqttReasonCode.SessionTakenOver));
        foreach (var will in publishNow)
            Route(will, publisherClientId: null);
        return (session, present);
    }

    internal bool TryUpdateExpiry(BrokerSession session, uint expiry)
    {
        lock (_lock)
        {
            if (session.ExpiryInterval == 0 && expiry != 0)
                return false;
            session.ExpiryInterval = expiry;
            return true;
        }
    }

    internal void OnConnectionClosed(BrokerClientConnection connection, bool graceful)
    {
        var session = connection.Session!;
        var (will, delay) = connection.TakeWill();
        if (graceful)
            will = null;
        session.Detach(connection);
        MqttApplicationMessage? publishNow = null;
        lock (_lock)
        {
            var current = _sessions.GetValueOrDefault(session.ClientId);
            if (!ReferenceEquals(current, session) || session.Connection is not null)
            {
                // Taken over or already replaced: the takeover path decided about the will.
                publishNow = will;
            }
            else
            {
                var expiry = session.ExpiryInterval;
                if (will is not null)
                {
                    // 3.1.3.2.2: the will waits for the will delay or the end of the session, whichever is first.
                    var wait = Math.Min(delay, expiry);
                    if (wait == 0)
                    {
                        publishNow = will;
                    }
                    else
                    {
                        session.PendingWill = will;
                        session.WillTimer = _options.TimeProvider.CreateTimer(_ => FireWill(session), null, TimeSpan.FromSeconds(wait), Timeout.InfiniteTimeSpan);
                    }
                }
                if (expiry == 0)
                    RemoveSessionLocked(session);
                else if (expiry != uint.MaxValue)
                    session.ExpiryTimer = _options.TimeProvider.CreateTimer(_ => Expire(session), null, TimeSpan.FromSeconds(expiry), Timeout.InfiniteTimeSpan);
            }
        }
        if (publishNow is not null)
            Route(publishNow, publisherClientId: null);
        _logger.LogDebug("MQTT client {ClientId} disconnected (graceful {Graceful})", session.ClientId, graceful);
    }

    private void RemoveSessionLocked(BrokerSession session)
    {
        foreach (var sub in session.Subscriptions.Values)
            _subscriptions.Remove(sub);
        if (ReferenceEquals(_sessions.GetValueOrDefault(session.ClientId), session))
            _sessions.Remove(session.ClientId);
    }

    internal int SubscriptionCount
    {
        get
        {
            lock (_lock)
                return _subscriptions.Count;
        }
    }

    private void FireWill(BrokerSession session)
    {
        MqttApplicationMessage? will;
        lock (_lock)
        {
            will = session.Connection is null ? session.PendingWill : null;
            session.PendingWill = null;
        }
        if (will is not null)
            Route(will, publisherClientId: null);
    }

    private void Expire(BrokerSession session)
    {
        MqttApplicationMessage? will = null;
        lock (_lock)
        {
            if (session.Connection is not null || !ReferenceEquals(_sessions.GetValueOrDefault(session.ClientId), session))
                return;
            RemoveSessionLocked(session);
            session.WillTimer?.Dispose();
            will = session.PendingWill;
            session.PendingWill = null;
        }
        if (will is not null)
            Route(will, publisherClientId: null);
    }

    /// <summary>Stores/clears the retained copy and delivers to every matching session; returns how many got it.</summary>
    internal int Route(MqttApplicationMessage message, string? publisherClientId)
    {
        long? expiresAt = message.MessageExpiryInterval is { } seconds
            ? _options.TimeProvider.GetTimestamp() + (long)(seconds * (double)_options.TimeProvider.TimestampFrequency)
            : null;
        if (message.Retain)
        {
            // 3.3.1.3: an empty retained payload deletes the retained message and is not itself stored.
            if (message.Payload.IsEmpty)
                _retained.TryRemove(message.Topic, out _);
            else
                _retained[message.Topic] = (message, expiresAt);
        }

        var targets = new Dictionary<BrokerSession, (MqttQualityOfService Qos, bool RetainAsPublished, List<uint> Ids)>();
        var shared = new Dictionary<string, List<Subscription>>(StringComparer.Ordinal);
        lock (_lock)
        {
            _subscriptions.Match(message.Topic, sub =>
            {
                if (sub.ShareGroup is not null)
                {
                    var key = sub.Key;
                    if (!shared.TryGetValue(key, out var members))
                        shared[key] = members = [];
                    members.Add(sub);
                    return;
                }
                if (sub.NoLocal && sub.Session.ClientId == publisherClientId)
                    return;
                Accumulate(targets, sub);
            });
            foreach (var (key, members) in shared)
            {
                // Round robin across the group, preferring members that are online right now.
                var online = members.Where(m => m.Session.Connection is not null).ToList();
                var pool = online.Count > 0 ? online : members;
                var cursor = _shareCursors.GetValueOrDefault(key);
                _shareCursors[key] = cursor + 1;
                Accumulate(targets, pool[(int)((uint)cursor % (uint)pool.Count)]);
            }
        }

        foreach (var (session, target) in targets)
        {
            var qos = (MqttQualityOfService)Math.Min((int)message.QualityOfService, (int)target.Qos);
            session.Deliver(new OutboundMessage(message, qos, target.RetainAsPublished && message.Retain, target.Ids, expiresAt));
        }
        return targets.Count;
    }

    private static void Accumulate(Dictionary<BrokerSession, (MqttQualityOfService Qos, bool RetainAsPublished, List<uint> Ids)> targets, Subscription sub)
    {
        // Overlapping subscriptions of one client yield one delivery at the highest QoS (3.3.4).
        var current = targets.GetValueOrDefault(sub.Session, (MqttQualityOfService.AtMostOnce, false, []));
        if (sub.QualityOfService > current.Qos)
            current.Qos = sub.QualityOfService;
        current.RetainAsPublished |= sub.RetainAsPublished;
        if (sub.SubscriptionIdentifier is { } id)
            current.Ids.Add(id);
        targets[sub.Session] = current;
    }

    internal void Subscribe(BrokerClientConnection connection, SubscribePacket packet)
    {
        var session = connection.Session!;
        var codes = new List<MqttReasonCode>(packet.Filters.Count);
        var sendRetained = new List<Subscription>();
        // User code runs before taking the broker lock.
        var allowed = packet.Filters.Select(f => connection.IsAllowed(_options.AuthorizeSubscribe, f.Filter)).ToList();
        lock (_lock)
        {
            for (var i = 0; i < packet.Filters.Count; i++)
            {
                var f = packet.Filters[i];
                if (!allowed[i])
                {
                    codes.Add(MqttReasonCode.NotAuthorized);
                    continue;
                }
                var isShared = MqttTopic.TryParseShared(f.Filter, out var group, out var inner);
                var filter = isShared ? inner : f.Filter;
                var valid = MqttTopic.IsValidFilter(filter) && (!isShared || (group.Length > 0 && group.IndexOfAny(['+', '#']) < 0));
                if (!valid)
                {
                    codes.Add(MqttReasonCode.TopicFilterInvalid);
                    continue;
                }
                if (isShared && f.NoLocal)
                    throw MqttProtocolException.ProtocolError("No Local must not be set on a shared subscription.");
                var sub = new Subscription(session, filter, isShared ? group : null, f.QualityOfService, f.NoLocal,
                    f.RetainAsPublished, f.RetainHandling, packet.SubscriptionIdentifier);
                var existed = session.Subscriptions.Remove(sub.Key, out var previous);
                if (previous is not null)
                    _subscriptions.Remove(previous);
                session.Subscriptions[sub.Key] = sub;
                _subscriptions.Add(sub);
                codes.Add((MqttReasonCode)(byte)f.QualityOfService);
                // 3.3.1.3 / 3.8.3.1: retained messages are not sent for shared subscriptions.
                if (!isShared && (f.RetainHandling == MqttRetainHandling.SendAtSubscribe
                    || (f.RetainHandling == MqttRetainHandling.SendAtSubscribeIfNew && !existed)))
                    sendRetained.Add(sub);
            }
        }
        connection.TrySend(new SubAckPacket { PacketIdentifier = packet.PacketIdentifier, ReasonCodes = codes });
        foreach (var sub in sendRetained)
        {
            foreach (var (topic, (retained, expiresAt)) in _retained)
            {
                if (expiresAt is { } at && _options.TimeProvider.GetTimestamp() >= at)
                {
                    _retained.TryRemove(new KeyValuePair<string, (MqttApplicationMessage, long?)>(topic, (retained, expiresAt)));
                    continue;
                }
                if (!MqttTopic.Matches(sub.Filter, topic))
                    continue;
                var qos = (MqttQualityOfService)Math.Min((int)retained.QualityOfService, (int)sub.QualityOfService);
                List<uint> ids = sub.SubscriptionIdentifier is { } id ? [id] : [];
                session.Deliver(new OutboundMessage(retained, qos, Retain: true, ids, expiresAt));
            }
        }
    }

    internal UnsubAckPacket Unsubscribe(BrokerSession session, UnsubscribePacket packet, MqttProtocolVersion version)
    {
        var ack = new UnsubAckPacket { PacketIdentifier = packet.PacketIdentifier };
        lock (_lock)
        {
            foreach (var filter in packet.Filters)
            {
                var removed = session.Subscriptions.Remove(filter, out var subscription);
                if (subscription is not null)
                    _subscriptions.Remove(subscription);
                if (version == MqttProtocolVersion.V500)
                    ack.ReasonCodes.Add(removed ? MqttReasonCode.Success : MqttReasonCode.NoSubscriptionExisted);
            }
        }
        return ack;
    }

    private async Task AcceptLoopAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            client.NoDelay = true;
            _ = HandleConnectionAsync(client.GetStream(), client.Client.RemoteEndPoint, cancellationToken);
        }
    }
}
