using PluginRuntime.Mqtt.Packets;

namespace PluginRuntime.Mqtt.Broker;

/// <summary>
/// Server-side session state that outlives a network connection: subscriptions, the outbound queue, messages in
/// flight and the QoS 2 identifiers already received. <see cref="_gate"/> guards the delivery state; the
/// subscription map is guarded by the broker's lock.
/// </summary>
internal sealed class BrokerSession
{
    private readonly object _gate = new();
    private readonly Queue<OutboundMessage> _queue = new();
    private readonly List<InflightMessage> _inflight = [];
    private readonly HashSet<ushort> _incomingQos2 = [];
    private readonly int _maxQueued;
    private readonly TimeProvider _time;
    private BrokerClientConnection? _connection;
    private ushort _nextId;
    private long _dropped;

    public BrokerSession(string clientId, int maxQueued, TimeProvider time)
    {
        ClientId = clientId;
        _maxQueued = maxQueued;
        _time = time;
    }

    public string ClientId { get; }

    /// <summary>Guarded by the broker lock.</summary>
    public Dictionary<string, Subscription> Subscriptions { get; } = new(StringComparer.Ordinal);

    /// <summary>Seconds the session survives its connection; uint.MaxValue = never expires. Broker lock.</summary>
    public uint ExpiryInterval { get; set; }

    /// <summary>Cancels a pending expiry or will-delay timer when the client comes back. Broker lock.</summary>
    public ITimer? ExpiryTimer { get; set; }

    public ITimer? WillTimer { get; set; }

    public MqttApplicationMessage? PendingWill { get; set; }

    public long DroppedMessages => Interlocked.Read(ref _dropped);

    public BrokerClientConnection? Connection
    {
        get
        {
            lock (_gate)
                return _connection;
        }
    }

    public int QueuedCount
    {
        get
        {
            lock (_gate)
                return _queue.Count;
        }
    }

    /// <summary>Binds a connection and resends everything unacknowledged, in the original order (4.4).</summary>
    public void Attach(BrokerClientConnection connection)
    {
        lock (_gate)
        {
            _connection = connection;
            foreach (var inflight in _inflight)
            {
                MqttPacket packet = inflight.Released
                    ? new PubRelPacket { PacketIdentifier = inflight.PacketIdentifier }
                    : ToPublish(inflight.Message, inflight.PacketIdentifier, dup: true) ?? ExpiredResend(inflight);
                if (!connection.TrySend(packet))
                    return;
            }
            PumpLocked();
        }
    }

    public void Detach(BrokerClientConnection connection)
    {
        lock (_gate)
        {
            if (ReferenceEquals(_connection, connection))
                _connection = null;
        }
    }

    public void Deliver(OutboundMessage message)
    {
        lock (_gate)
        {
            if (_connection is null && message.QualityOfService == MqttQualityOfService.AtMostOnce)
                return; // QoS 0 is not kept for offline clients
            if (_connection is not null && message.QualityOfService == MqttQualityOfService.AtMostOnce)
            {
                if (ToPublish(message, 0, dup: false) is { } packet && !_connection.TrySend(packet))
                    Interlocked.Increment(ref _dropped);
                return;
            }
            if (_connection is not null && _queue.Count == 0 && _inflight.Count < _connection.ReceiveMaximum)
            {
                SendNewLocked(message);
                return;
            }
            if (_queue.Count >= _maxQueued)
            {
                _queue.Dequeue();
                Interlocked.Increment(ref _dropped);
            }
            _queue.Enqueue(message);
        }
    }

    /// <summary>PUBACK (QoS 1) or PUBCOMP (QoS 2) ends a flow.</summary>
    public bool Complete(ushort packetIdentifier, bool qos2)
    {
        lock (_gate)
        {
            var index = _inflight.FindIndex(m => m.PacketIdentifier == packetIdentifier
                && (qos2 ? m.Released : m.Message.QualityOfService == MqttQualityOfService.AtLeastOnce));
            if (index < 0)
                return false;
            _inflight.RemoveAt(index);
            PumpLocked();
            return true;
        }
    }

    /// <summary>Forgets an in-flight message the connection could not send (larger than the client accepts).</summary>
    public void Discard(ushort packetIdentifier)
    {
        lock (_gate)
        {
            _inflight.RemoveAll(m => m.PacketIdentifier == packetIdentifier);
            PumpLocked();
        }
    }

    /// <summary>PUBREC: the client owns the message now; from here on only PUBREL is (re)sent.</summary>
    public bool Received(ushort packetIdentifier)
    {
        lock (_gate)
        {
            var inflight = _inflight.Find(m => m.PacketIdentifier == packetIdentifier && m.Message.QualityOfService == MqttQualityOfService.ExactlyOnce);
            if (inflight is null)
                return false;
            inflight.Released = true;
            return true;
        }
    }

    /// <summary>Records an incoming QoS 2 identifier; false when it is a resend that was already routed.</summary>
    public bool BeginIncomingQos2(ushort packetIdentifier)
    {
        lock (_gate)
            return _incomingQos2.Add(packetIdentifier);
    }

    /// <summary>True when accepting this identifier would exceed <paramref name="limit"/> unreleased QoS 2 messages.</summary>
    public bool WouldExceedIncomingQos2(ushort packetIdentifier, int limit)
    {
        lock (_gate)
            return !_incomingQos2.Contains(packetIdentifier) && _incomingQos2.Count >= limit;
    }

    public bool EndIncomingQos2(ushort packetIdentifier)
    {
        lock (_gate)
            return _incomingQos2.Remove(packetIdentifier);
    }

    private void PumpLocked()
    {
        while (_connection is not null && _queue.Count > 0)
        {
            var next = _queue.Peek();
            if (next.QualityOfService != MqttQualityOfService.AtMostOnce && _inflight.Count >= _connection.ReceiveMaximum)
                return;
            _queue.Dequeue();
            if (IsExpired(next))
                continue; // 3.3.2.3.3: an expired message is not delivered
            if (next.QualityOfService == MqttQualityOfService.AtMostOnce)
            {
                if (ToPublish(next, 0, dup: false) is { } packet && !_connection.TrySend(packet))
                    Interlocked.Increment(ref _dropped);
            }
            else
            {
                SendNewLocked(next);
            }
        }
    }

    private void SendNewLocked(OutboundMessage message)
    {
        if (IsExpired(message))
            return;
        var inflight = new InflightMessage { PacketIdentifier = NextIdentifierLocked(), Message = message };
        _inflight.Add(inflight);
        // If the connection cannot take it, the message stays in flight and is resent on the next connection.
        if (!_connection!.TrySend(ToPublish(message, inflight.PacketIdentifier, dup: false) ?? ExpiredResend(inflight)))
            _connection.AbortSlowConsumer();
    }

    private bool IsExpired(OutboundMessage message) =>
        message.ExpiresAt is { } at && _time.GetTimestamp() >= at;

    /// <summary>An in-flight message that expired meanwhile still completes its flow; it goes out with 0 s left.</summary>
    private PublishPacket ExpiredResend(InflightMessage inflight)
    {
        var packet = Build(inflight.Message, inflight.PacketIdentifier, dup: true);
        packet.MessageExpiryInterval = 0;
        return packet;
    }

    private ushort NextIdentifierLocked()
    {
        while (true)
        {
            _nextId = _nextId == ushort.MaxValue ? (ushort)1 : (ushort)(_nextId + 1);
            var candidate = _nextId;
            if (!_inflight.Exists(m => m.PacketIdentifier == candidate))
                return candidate;
        }
    }

    /// <summary>Builds the PUBLISH with the remaining expiry interval; null when the message has expired.</summary>
    private PublishPacket? ToPublish(OutboundMessage outbound, ushort packetIdentifier, bool dup)
    {
        if (outbound.ExpiresAt is not { } at)
            return Build(outbound, packetIdentifier, dup);
        var remaining = _time.GetElapsedTime(_time.GetTimestamp(), at);
        if (remaining <= TimeSpan.Zero)
            return null;
        var packet = Build(outbound, packetIdentifier, dup);
        // 3.3.2.3.3: forward the lifetime that is left, not the original one.
        packet.MessageExpiryInterval = (uint)Math.Ceiling(remaining.TotalSeconds);
        return packet;
    }

    private static PublishPacket Build(OutboundMessage outbound, ushort packetIdentifier, bool dup)
    {
        var packet = PublishPacket.FromApplicationMessage(outbound.Message);
        packet.QualityOfService = outbound.QualityOfService;
        packet.Retain = outbound.Retain;
        packet.PacketIdentifier = packetIdentifier;
        packet.Dup = dup;
        packet.SubscriptionIdentifiers = [.. outbound.SubscriptionIdentifiers];
        return packet;
    }
}
