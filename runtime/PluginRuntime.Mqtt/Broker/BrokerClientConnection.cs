using System.Net;
using Microsoft.Extensions.Logging;
using PluginRuntime.Mqtt.Channel;
using PluginRuntime.Mqtt.Formatter;
using PluginRuntime.Mqtt.Packets;

namespace PluginRuntime.Mqtt.Broker;

/// <summary>
/// One client's network connection to the broker: the CONNECT handshake, then a single receive loop; outbound
/// packets go through the <see cref="MqttConnection"/> send loop. Whatever ends the loop runs one close path.
/// </summary>
internal sealed class BrokerClientConnection
{
    private readonly MqttBroker _broker;
    private readonly MqttBrokerOptions _options;
    private readonly MqttConnection _connection;
    private readonly EndPoint? _remote;
    private readonly ILogger _logger;
    private readonly Dictionary<ushort, string> _topicAliases = [];
    private MqttApplicationMessage? _will;
    private uint _willDelay;
    private ushort _keepAlive;
    private int _cleanShutdown;

    public BrokerClientConnection(MqttBroker broker, MqttBrokerOptions options, Stream stream, EndPoint? remote, ILogger logger)
    {
        _broker = broker;
        _options = options;
        _remote = remote;
        _logger = logger;
        var capacity = Math.Max(options.MaxQueuedMessagesPerSession, MqttBroker.MaxInflightPerSession) + 256;
        _connection = new MqttConnection(stream, options.MaxPacketSize, capacity, logger);
        // 3.1.2.11.4: a PUBLISH too large for the client is discarded as if its flow had completed.
        _connection.PublishDropped = publish =>
        {
            if (publish.QualityOfService != MqttQualityOfService.AtMostOnce)
                Session?.Discard(publish.PacketIdentifier);
        };
    }

    public string ClientId { get; private set; } = "";

    public MqttProtocolVersion ProtocolVersion { get; private set; }

    public BrokerSession? Session { get; private set; }

    /// <summary>The CONNECT as the hooks see it; set once the handshake has decoded it.</summary>
    public MqttConnectRequest? Request { get; private set; }

    /// <summary>How many QoS 1/2 messages the broker may have unacknowledged towards this client.</summary>
    public int ReceiveMaximum { get; private set; } = MqttBroker.MaxInflightPerSession;

    public bool TrySend(MqttPacket packet) => _connection.TrySend(packet);

    /// <summary>The client stopped reading; drop it rather than buffer without bound (its session keeps state).</summary>
    public void AbortSlowConsumer()
    {
        _logger.LogWarning("MQTT client {ClientId} is not reading; closing its connection", ClientId);
        // Callers hold the session lock; closing on another thread keeps the close path from re-entering it.
        _ = Task.Run(() => CloseAsync(MqttReasonCode.QuotaExceeded));
    }

    /// <summary>Takes the will so exactly one path (takeover or close) publishes it.</summary>
    public (MqttApplicationMessage? Will, uint Delay) TakeWill() => (Interlocked.Exchange(ref _will, null), _willDelay);

    public Task CloseAsync(MqttReasonCode reason)
    {
        MqttPacket? final = ProtocolVersion == MqttProtocolVersion.V500 && Session is not null
            ? new DisconnectPacket { ReasonCode = reason }
            : null;
        return _connection.CloseAsync(final);
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        _connection.Start();
        var graceful = false;
        try
        {
            if (!await HandshakeAsync(cancellationToken).ConfigureAwait(false))
                return;
            graceful = await ReceiveLoopAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (MqttProtocolException ex)
        {
            _logger.LogDebug("MQTT client {ClientId} ({Remote}) violated the protocol: {Reason} {Message}", ClientId, _remote, ex.ReasonCode, ex.Message);
            await CloseAsync(ex.ReasonCode).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // Network gone, keepalive expired or broker stopping: all end the same way.
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "MQTT connection {ClientId} failed", ClientId);
        }
        finally
        {
            // Detach before the socket closes, so a peer that sees the close can rely on the session being offline.
            if (Session is not null)
                _broker.OnConnectionClosed(this, graceful || Volatile.Read(ref _cleanShutdown) != 0);
            await _connection.CloseAsync(drainTimeout: TimeSpan.FromSeconds(1)).ConfigureAwait(false);
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<bool> HandshakeAsync(CancellationToken cancellationToken)
    {
        MqttFrame? frame;
        using (var timeout = new CancellationTokenSource(_options.ConnectTimeout, _options.TimeProvider))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken, _connection.ClosingToken))
            frame = await _connection.ReadFrameAsync(linked.Token).ConfigureAwait(false);
        if (frame is not { } f)
            return false;
        if ((f.Header >> 4) != (int)MqttPacketType.Connect)
            throw MqttProtocolException.ProtocolError("The first packet must be CONNECT.");

        MqttProtocolVersion version;
        try
        {
            version = MqttPacketFormatter.ReadConnectProtocolVersion(f.Body);
        }
        catch (MqttProtocolException ex) when (ex.ReasonCode == MqttReasonCode.UnsupportedProtocolVersion)
        {
            // 3.1.2.2: answer "unacceptable protocol level" in the 3.1.1 format, which every client understands.
            await _connection.CloseAsync(new ConnAckPacket { ReasonCode = MqttReasonCode.UnsupportedProtocolVersion }).ConfigureAwait(false);
            return false;
        }
        ProtocolVersion = version;
        _connection.Formatter = MqttPacketFormatter.For(version);
        ConnectPacket connect;
        try
        {
            connect = (ConnectPacket)_connection.Decode(f);
        }
        catch (MqttProtocolException ex) when (version == MqttProtocolVersion.V500)
        {
            // 4.13.1: a v5 server may answer a bad CONNECT with a CONNACK carrying the reason code.
            await _connection.CloseAsync(new ConnAckPacket { ReasonCode = ex.ReasonCode, ReasonString = ex.Message }).ConfigureAwait(false);
            return false;
        }

        string? assignedId = null;
        ClientId = connect.ClientId;
        if (ClientId.Length == 0)
        {
            if (version == MqttProtocolVersion.V311 && !connect.CleanStart)
            {
                await RefuseAsync(MqttReasonCode.ClientIdentifierNotValid).ConfigureAwait(false);
                return false;
            }
            ClientId = assignedId = "auto-" + Guid.NewGuid().ToString("N");
        }

        if (connect.AuthenticationMethod is not null)
        {
            // Enhanced authentication (AUTH exchange) is not offered; 4.12: refuse with Bad Authentication Method.
            await RefuseAsync(MqttReasonCode.BadAuthenticationMethod).ConfigureAwait(false);
            return false;
        }

        Request = new MqttConnectRequest
        {
            ClientId = ClientId,
            Username = connect.Username,
            Password = connect.Password,
            ProtocolVersion = version,
            RemoteEndPoint = _remote,
        };
        if (_options.AuthenticateAsync is { } authenticate)
        {
            MqttReasonCode verdict;
            try
            {
                verdict = await authenticate(Request, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A failing hook must not leave the client hanging without an answer.
                _logger.LogError(ex, "MQTT authentication hook threw for client {ClientId}", ClientId);
                verdict = MqttReasonCode.ServerUnavailable;
            }
            if (verdict != MqttReasonCode.Success)
            {
                await RefuseAsync(verdict).ConfigureAwait(false);
                return false;
            }
        }

        if (version == MqttProtocolVersion.V500)
        {
            ReceiveMaximum = Math.Min((int)(connect.ReceiveMaximum ?? ushort.MaxValue), MqttBroker.MaxInflightPerSession);
            if (connect.MaximumPacketSize is { } max)
                _connection.PeerMaximumPacketSize = max;
        }
        _keepAlive = connect.KeepAliveSeconds;
        _will = connect.Will;
        _willDelay = connect.WillDelayInterval ?? 0;
        var expiry = version == MqttProtocolVersion.V500
            ? connect.SessionExpiryInterval ?? 0
            : connect.CleanStart ? 0 : uint.MaxValue;

        var (session, present) = _broker.OpenSession(this, connect.CleanStart, expiry);
        Session = session;
        var connAck = new ConnAckPacket { SessionPresent = present, ReasonCode = MqttReasonCode.Success };
        if (version == MqttProtocolVersion.V500)
        {
            connAck.AssignedClientIdentifier = assignedId;
            connAck.TopicAliasMaximum = _options.TopicAliasMaximum;
            connAck.MaximumPacketSize = (uint)_options.MaxPacketSize;
            connAck.ReceiveMaximum = MqttBroker.MaxInflightPerSession;
            connAck.RetainAvailable = true;
            connAck.WildcardSubscriptionAvailable = true;
            connAck.SharedSubscriptionAvailable = true;
            connAck.SubscriptionIdentifiersAvailable = true;
        }
        _connection.TrySend(connAck);
        // Attach after the CONNACK is queued so resent messages follow it on the wire.
        session.Attach(this);
        _logger.LogDebug("MQTT client {ClientId} connected (v{Version}, session present {Present})", ClientId, version, present);
        return true;
    }

    private Task RefuseAsync(MqttReasonCode reason) =>
        _connection.CloseAsync(new ConnAckPacket { ReasonCode = reason });

    /// <summary>Returns true when the client ended with a DISCONNECT that suppresses its will.</summary>
    private async Task<bool> ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        var session = Session!;
        var keepAlive = _keepAlive;
        using var idle = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(idle.Token, cancellationToken, _connection.ClosingToken);
        var grace = TimeSpan.FromSeconds(keepAlive * 1.5);
        while (true)
        {
            if (keepAlive > 0)
                idle.CancelAfter(grace); // 3.1.2.10: one and a half keepalive periods without a packet
            MqttPacket? packet;
            try
            {
                packet = await _connection.ReceiveAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (idle.IsCancellationRequested)
            {
                _logger.LogDebug("MQTT client {ClientId} missed its keepalive", ClientId);
                await CloseAsync(MqttReasonCode.KeepAliveTimeout).ConfigureAwait(false);
                return false;
            }
            if (packet is null)
                return false;
            switch (packet)
            {
                case PublishPacket publish:
                    HandlePublish(session, publish);
                    break;
                case PubRelPacket rel:
                    var known = session.EndIncomingQos2(rel.PacketIdentifier);
                    TrySendControl(new PubCompPacket { PacketIdentifier = rel.PacketIdentifier, ReasonCode = known ? MqttReasonCode.Success : MqttReasonCode.PacketIdentifierNotFound });
                    break;
                case PubAckPacket ack:
                    session.Complete(ack.PacketIdentifier, qos2: false);
                    break;
                case PubRecPacket rec:
                    var found = session.Received(rec.PacketIdentifier);
                    // 4.3.3: a PUBREC with an error code ends the QoS 2 flow; there is no PUBREL to send.
                    if (rec.ReasonCode >= MqttReasonCode.UnspecifiedError)
                        session.Discard(rec.PacketIdentifier);
                    else
                        TrySendControl(new PubRelPacket { PacketIdentifier = rec.PacketIdentifier, ReasonCode = found ? MqttReasonCode.Success : MqttReasonCode.PacketIdentifierNotFound });
                    break;
                case PubCompPacket comp:
                    session.Complete(comp.PacketIdentifier, qos2: true);
                    break;
                case SubscribePacket subscribe:
                    _broker.Subscribe(this, subscribe);
                    break;
                case UnsubscribePacket unsubscribe:
                    TrySendControl(_broker.Unsubscribe(session, unsubscribe, ProtocolVersion));
                    break;
                case PingReqPacket:
                    TrySendControl(PingRespPacket.Instance);
                    break;
                case DisconnectPacket disconnect:
                    return HandleDisconnect(session, disconnect);
                default:
                    throw MqttProtocolException.ProtocolError($"A client must not send {packet.Type} here.");
            }
        }
    }

    private bool HandleDisconnect(BrokerSession session, DisconnectPacket disconnect)
    {
        if (disconnect.SessionExpiryInterval is { } newExpiry)
        {
            // 3.14.2.2.2: a session that was going to end at close cannot be turned into a persistent one here.
            if (!_broker.TryUpdateExpiry(session, newExpiry))
                throw MqttProtocolException.ProtocolError("DISCONNECT cannot set a session expiry when CONNECT had 0.");
        }
        var keepWill = disconnect.ReasonCode == MqttReasonCode.DisconnectWithWillMessage;
        if (!keepWill)
            Interlocked.Exchange(ref _will, null);
        Interlocked.Exchange(ref _cleanShutdown, keepWill ? 0 : 1);
        return !keepWill;
    }

    private void HandlePublish(BrokerSession session, PublishPacket publish)
    {
        ResolveTopicAlias(publish);
        if (publish.PayloadFormatIndicator == 1 && !IsUtf8(publish.Payload.Span))
        {
            // 3.3.2.3.2: a payload declared as UTF-8 that is not is refused rather than forwarded.
            if (publish.QualityOfService == MqttQualityOfService.AtMostOnce)
                throw new MqttProtocolException(MqttReasonCode.PayloadFormatInvalid, "Payload declared UTF-8 is not valid UTF-8.");
            TrySendControl(publish.QualityOfService == MqttQualityOfService.AtLeastOnce
                ? new PubAckPacket { PacketIdentifier = publish.PacketIdentifier, ReasonCode = MqttReasonCode.PayloadFormatInvalid }
                : new PubRecPacket { PacketIdentifier = publish.PacketIdentifier, ReasonCode = MqttReasonCode.PayloadFormatInvalid });
            return;
        }
        if (!IsAllowed(_options.AuthorizePublish, publish.Topic))
        {
            if (ProtocolVersion != MqttProtocolVersion.V500 && _options.CloseDeniedV311Publishers)
                throw new MqttProtocolException(MqttReasonCode.NotAuthorized, $"Not authorized to publish to '{publish.Topic}'.");
            // MQTT 5 can say why; 3.1.1 has no refusal code, so the message is acknowledged and silently dropped.
            var code = ProtocolVersion == MqttProtocolVersion.V500 ? MqttReasonCode.NotAuthorized : MqttReasonCode.Success;
            if (publish.QualityOfService == MqttQualityOfService.AtLeastOnce)
                TrySendControl(new PubAckPacket { PacketIdentifier = publish.PacketIdentifier, ReasonCode = code });
            else if (publish.QualityOfService == MqttQualityOfService.ExactlyOnce)
                TrySendControl(new PubRecPacket { PacketIdentifier = publish.PacketIdentifier, ReasonCode = code });
            return;
        }
        var message = publish.ToApplicationMessage();
        switch (publish.QualityOfService)
        {
            case MqttQualityOfService.AtMostOnce:
                _broker.Route(message, ClientId);
                break;
            case MqttQualityOfService.AtLeastOnce:
                var matched = _broker.Route(message, ClientId);
                TrySendControl(new PubAckPacket { PacketIdentifier = publish.PacketIdentifier, ReasonCode = AckCode(matched) });
                break;
            default:
                // 3.3.4: the broker advertised Receive Maximum; an MQTT 5 client must not exceed it.
                if (ProtocolVersion == MqttProtocolVersion.V500 && session.WouldExceedIncomingQos2(publish.PacketIdentifier, MqttBroker.MaxInflightPerSession))
                    throw new MqttProtocolException(MqttReasonCode.ReceiveMaximumExceeded, $"More than {MqttBroker.MaxInflightPerSession} QoS 2 messages awaiting PUBREL.");
                // Route on the first copy only: a resent QoS 2 PUBLISH (same id before PUBREL) is acknowledged again
                // but never delivered twice (4.3.3, method A).
                var first = session.BeginIncomingQos2(publish.PacketIdentifier);
                var routed = first ? _broker.Route(message, ClientId) : 1;
                TrySendControl(new PubRecPacket { PacketIdentifier = publish.PacketIdentifier, ReasonCode = AckCode(routed) });
                break;
        }
    }

    /// <summary>Runs an authorization hook; a hook that throws denies, so a bug never opens access.</summary>
    internal bool IsAllowed(Func<MqttConnectRequest, string, bool>? hook, string topicOrFilter)
    {
        if (hook is null)
            return true;
        try
        {
            return hook(Request!, topicOrFilter);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "MQTT authorization hook threw for client {ClientId} and '{Topic}'", ClientId, topicOrFilter);
            return false;
        }
    }

    private static bool IsUtf8(ReadOnlySpan<byte> bytes) => System.Text.Unicode.Utf8.IsValid(bytes);

    private MqttReasonCode AckCode(int matched) =>
        ProtocolVersion == MqttProtocolVersion.V500 && matched == 0 ? MqttReasonCode.NoMatchingSubscribers : MqttReasonCode.Success;

    private void ResolveTopicAlias(PublishPacket publish)
    {
        if (publish.TopicAlias is not { } alias)
            return;
        if (alias > _options.TopicAliasMaximum)
            throw new MqttProtocolException(MqttReasonCode.TopicAliasInvalid, $"Topic alias {alias} exceeds the maximum {_options.TopicAliasMaximum}.");
        if (publish.Topic.Length > 0)
            _topicAliases[alias] = publish.Topic;
        else if (_topicAliases.TryGetValue(alias, out var topic))
            publish.Topic = topic;
        else
            throw MqttProtocolException.ProtocolError($"Topic alias {alias} was never defined on this connection.");
        publish.TopicAlias = null;
    }

    private void TrySendControl(MqttPacket packet)
    {
        if (!_connection.TrySend(packet))
            AbortSlowConsumer();
    }
}
