using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PluginRuntime.Mqtt.Channel;
using PluginRuntime.Mqtt.Formatter;
using PluginRuntime.Mqtt.Packets;
using QueueChannel = System.Threading.Channels.Channel;

namespace PluginRuntime.Mqtt.Client;

/// <summary>
/// MQTT 3.1.1 / 5.0 client: connect with credentials, publish at QoS 0/1/2 (the task completes on the broker's
/// acknowledgement), subscribe, and receive through <see cref="MessageReceived"/>. After the first successful
/// connect it reconnects with exponential backoff; messages published meanwhile wait in a bounded queue and are
/// sent in order, after anything that was in flight.
/// </summary>
public sealed class MqttClient : IAsyncDisposable
{
    private readonly MqttClientOptions _options;
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private readonly Channel<PendingPublish> _queue;
    private readonly List<PendingPublish> _inflight = [];
    private readonly Dictionary<ushort, TaskCompletionSource<MqttPacket>> _pendingAcks = [];
    private readonly HashSet<ushort> _incomingQos2 = [];
    private readonly Dictionary<string, MqttSubscription> _subscriptions = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _disposing = new();
    private ClientConnection? _current;
    private Task _supervisor = Task.CompletedTask;
    private ushort _nextId;
    private bool _everConnected;
    private int _stopped;

    /// <summary>Creates a client; nothing connects until <see cref="ConnectAsync"/>.</summary>
    public MqttClient(MqttClientOptions options, ILogger<MqttClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _queue = QueueChannel.CreateBounded<PendingPublish>(new BoundedChannelOptions(options.MaxPendingMessages)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>Raised on the receive loop for each incoming message; handler exceptions are logged and ignored.</summary>
    public event EventHandler<MqttMessageReceivedEventArgs>? MessageReceived;

    /// <summary>Raised after every successful (re)connect.</summary>
    public event EventHandler? Connected;

    /// <summary>Raised when a connection is lost or closed.</summary>
    public event EventHandler? Disconnected;

    /// <summary>Whether a connection is currently established.</summary>
    public bool IsConnected
    {
        get
        {
            lock (_gate)
                return _current is not null;
        }
    }

    /// <summary>Client identifier in use (the broker-assigned one when the options left it empty).</summary>
    public string ClientId { get; private set; } = "";

    /// <summary>
    /// Connects (TCP + CONNECT/CONNACK). Throws <see cref="MqttConnectionRefusedException"/> when the broker refuses.
    /// After success, lost connections are re-established automatically if <see cref="MqttClientOptions.AutoReconnect"/>.
    /// </summary>
    public async Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _stopped) != 0, this);
        if (IsConnected)
            throw new InvalidOperationException("The client is already connected.");
        var connection = await ConnectOnceAsync(_options.CleanStart && !_everConnected, cancellationToken).ConfigureAwait(false);
        _everConnected = true;
        _supervisor = Task.Run(() => SuperviseAsync(connection), CancellationToken.None);
    }

    /// <summary>
    /// Publishes a message. QoS 0 completes once handed to the connection; QoS 1 completes on PUBACK and QoS 2
    /// on PUBCOMP, with the broker's reason code (<see cref="MqttReasonCode.PacketTooLarge"/> when the message
    /// exceeds the broker's maximum packet size and was not sent). Cancelling only stops the wait; a queued
    /// message is still sent. While disconnected the message waits in the bounded queue; if that is full,
    /// this throws <see cref="InvalidOperationException"/> rather than block or grow.
    /// </summary>
    public async Task<MqttReasonCode> PublishAsync(MqttApplicationMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _stopped) != 0, this);
        if (!MqttTopic.IsValidTopicName(message.Topic))
            throw new ArgumentException($"'{message.Topic}' is not a valid topic name (non-empty, no '+' or '#').", nameof(message));
        if (message.QualityOfService > MqttQualityOfService.ExactlyOnce)
            throw new ArgumentOutOfRangeException(nameof(message), message.QualityOfService, "QoS must be 0, 1 or 2.");
        MqttUtf8.Encode(message.Topic);
        var pending = new PendingPublish(message);
        if (!_queue.Writer.TryWrite(pending))
        {
            if (!IsConnected)
                throw new InvalidOperationException(
                    $"The client is disconnected and {_options.MaxPendingMessages} messages are already waiting (MaxPendingMessages); this one was not queued.");
            await _queue.Writer.WriteAsync(pending, cancellationToken).ConfigureAwait(false);
        }
        return await pending.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Subscribes and returns the granted QoS (or failure) reason code.</summary>
    public Task<MqttReasonCode> SubscribeAsync(string filter, MqttQualityOfService qos = MqttQualityOfService.AtMostOnce, CancellationToken cancellationToken = default) =>
        SubscribeAsync(new MqttSubscription { Filter = filter, QualityOfService = qos }, cancellationToken);

    /// <summary>
    /// Subscribes with MQTT 5 options and returns the granted QoS (or failure) reason code. Granted subscriptions
    /// are renewed after reconnects on which the broker no longer had the session.
    /// </summary>
    public async Task<MqttReasonCode> SubscribeAsync(MqttSubscription subscription, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        var filter = subscription.Filter;
        var shared = MqttTopic.TryParseShared(filter, out var group, out var inner);
        if (!MqttTopic.IsValidFilter(shared ? inner : filter) || (shared && group.Length == 0))
            throw new ArgumentException($"'{filter}' is not a valid topic filter.", nameof(subscription));
        var packet = new SubscribePacket { Filters = [ToTopicFilter(subscription)] };
        var ack = (SubAckPacket)await RequestAsync(packet, id => packet.PacketIdentifier = id, cancellationToken).ConfigureAwait(false);
        var code = ack.ReasonCodes.Count > 0 ? ack.ReasonCodes[0] : MqttReasonCode.UnspecifiedError;
        if (code < MqttReasonCode.UnspecifiedError)
        {
            lock (_gate)
                _subscriptions[filter] = subscription;
        }
        return code;
    }

    private static MqttTopicFilter ToTopicFilter(MqttSubscription s) => new()
    {
        Filter = s.Filter,
        QualityOfService = s.QualityOfService,
        NoLocal = s.NoLocal,
        RetainAsPublished = s.RetainAsPublished,
        RetainHandling = s.RetainHandling,
    };

    /// <summary>Removes a subscription.</summary>
    public async Task UnsubscribeAsync(string filter, CancellationToken cancellationToken = default)
    {
        lock (_gate)
            _subscriptions.Remove(filter);
        var packet = new UnsubscribePacket { Filters = [filter] };
        await RequestAsync(packet, id => packet.PacketIdentifier = id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends DISCONNECT (the will is not published), stops reconnecting and fails messages still waiting. The client
    /// cannot be connected again afterwards; create a new one.
    /// </summary>
    public async Task DisconnectAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
            return;
        _disposing.Cancel();
        ClientConnection? current;
        lock (_gate)
            current = _current;
        if (current is not null)
            await CloseAsync(current, new DisconnectPacket()).ConfigureAwait(false);
        await _supervisor.WaitAsync(cancellationToken).ConfigureAwait(false);
        _queue.Writer.TryComplete();
        var abandoned = new List<PendingPublish>();
        while (_queue.Reader.TryRead(out var p))
            abandoned.Add(p);
        lock (_gate)
        {
            abandoned.AddRange(_inflight);
            _inflight.Clear();
        }
        foreach (var p in abandoned)
            p.Completion.TrySetException(new ObjectDisposedException(nameof(MqttClient), "The client was disconnected before the message was acknowledged."));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await DisconnectAsync().ConfigureAwait(false);
        _disposing.Dispose();
    }

    private async Task<MqttPacket> RequestAsync(MqttPacket packet, Action<ushort> setId, CancellationToken cancellationToken)
    {
        ClientConnection current;
        var tcs = new TaskCompletionSource<MqttPacket>(TaskCreationOptions.RunContinuationsAsynchronously);
        ushort id;
        lock (_gate)
        {
            current = _current ?? throw new InvalidOperationException("The client is not connected.");
            id = NextIdentifierLocked();
            _pendingAcks[id] = tcs;
        }
        setId(id);
        try
        {
            await current.Connection.SendAsync(packet, cancellationToken).ConfigureAwait(false);
            return await tcs.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            lock (_gate)
                _pendingAcks.Remove(id);
        }
    }

    private async Task<ClientConnection> ConnectOnceAsync(bool cleanStart, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.ConnectTimeout);
        var tcp = new TcpClient { NoDelay = true };
        MqttConnection? connection = null;
        try
        {
            await tcp.ConnectAsync(_options.Host, _options.Port, timeout.Token).ConfigureAwait(false);
            Stream stream = tcp.GetStream();
            if (_options.Tls is { } tls)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = ssl;
                var authentication = new SslClientAuthenticationOptions
                {
                    TargetHost = tls.TargetHost ?? _options.Host,
                    RemoteCertificateValidationCallback = tls.RemoteCertificateValidationCallback,
                    ClientCertificates = tls.ClientCertificates,
                    EnabledSslProtocols = tls.EnabledSslProtocols,
                    CertificateRevocationCheckMode = tls.CertificateRevocationCheckMode,
                    ApplicationProtocols = tls.ApplicationProtocols,
                };
                try
                {
                    await ssl.AuthenticateAsClientAsync(authentication, timeout.Token).ConfigureAwait(false);
                }
                catch
                {
                    await ssl.DisposeAsync().ConfigureAwait(false);
                    throw;
                }
            }
            connection = new MqttConnection(stream, _options.MaxPacketSize, _options.MaxPendingMessages + 256, _logger)
            {
                Formatter = MqttPacketFormatter.For(_options.ProtocolVersion),
            };
            connection.Start();
            var v5 = _options.ProtocolVersion == MqttProtocolVersion.V500;
            var connect = new ConnectPacket
            {
                ProtocolVersion = _options.ProtocolVersion,
                ClientId = ClientId.Length > 0 ? ClientId : _options.ClientId,
                CleanStart = cleanStart,
                KeepAliveSeconds = (ushort)_options.KeepAlive.TotalSeconds,
                Username = _options.Username,
                Password = _options.Password is null ? null : Encoding.UTF8.GetBytes(_options.Password),
                Will = _options.Will,
                WillDelayInterval = v5 && _options.Will is not null && _options.WillDelayInterval > 0 ? _options.WillDelayInterval : null,
                SessionExpiryInterval = v5 && _options.SessionExpiryInterval > 0 ? _options.SessionExpiryInterval : null,
                MaximumPacketSize = v5 ? (uint)_options.MaxPacketSize : null,
            };
            await connection.SendAsync(connect, timeout.Token).ConfigureAwait(false);
            var first = await connection.ReceiveAsync(timeout.Token).ConfigureAwait(false);
            if (first is not ConnAckPacket ack)
                throw new MqttProtocolException(MqttReasonCode.ProtocolError, $"Expected CONNACK, got {first?.Type.ToString() ?? "end of stream"}.");
            if (ack.ReasonCode != MqttReasonCode.Success)
                throw new MqttConnectionRefusedException(ack.ReasonCode, $"The broker at {_options.Host}:{_options.Port} refused the connection: {ack.ReasonCode}{(ack.ReasonString is null ? "" : " (" + ack.ReasonString + ")")}.");
            if (ack.AssignedClientIdentifier is { } assigned)
                ClientId = assigned;
            else if (ClientId.Length == 0)
                ClientId = _options.ClientId;
            var keepAlive = ack.ServerKeepAlive is { } serverKeepAlive ? TimeSpan.FromSeconds(serverKeepAlive) : _options.KeepAlive;
            return Activate(connection, ack, keepAlive);
        }
        catch
        {
            if (connection is not null)
                await connection.DisposeAsync().ConfigureAwait(false);
            tcp.Dispose();
            throw;
        }
    }

    private ClientConnection Activate(MqttConnection connection, ConnAckPacket ack, TimeSpan keepAlive)
    {
        ClientConnection state;
        if (ack.MaximumPacketSize is { } brokerMax)
        {
            // The broker would disconnect us for an oversize PUBLISH; fail that one message instead.
            connection.PeerMaximumPacketSize = brokerMax;
            connection.PublishDropped = publish => FailOversize(publish);
        }
        lock (_gate)
        {
            state = new ClientConnection(connection, Math.Min((int)(ack.ReceiveMaximum ?? ushort.MaxValue), 1000), _inflight.Count, keepAlive);
            // 4.4: resend unacknowledged messages first and in order. Without a session they are sent afresh.
            foreach (var p in _inflight)
            {
                MqttPacket packet = p.Released && ack.SessionPresent
                    ? new PubRelPacket { PacketIdentifier = p.PacketIdentifier }
                    : ToPublish(p, dup: ack.SessionPresent);
                if (!ack.SessionPresent)
                    p.Released = false;
                connection.TrySend(packet);
            }
            if (!ack.SessionPresent)
            {
                _incomingQos2.Clear();
                foreach (var subscription in _subscriptions.Values)
                {
                    var id = NextIdentifierLocked();
                    // Registered so the identifier stays reserved until its SUBACK arrives.
                    _pendingAcks[id] = new TaskCompletionSource<MqttPacket>(TaskCreationOptions.RunContinuationsAsynchronously);
                    connection.TrySend(new SubscribePacket { PacketIdentifier = id, Filters = [ToTopicFilter(subscription)] });
                }
            }
            _current = state;
        }
        state.Receive = Task.Run(() => ReceiveLoopAsync(state), CancellationToken.None);
        state.Pump = Task.Run(() => PumpAsync(state), CancellationToken.None);
        state.KeepAliveLoop = Task.Run(() => KeepAliveLoopAsync(state), CancellationToken.None);
        _logger.LogDebug("MQTT client {ClientId} connected to {Host}:{Port} (session present {Present})", ClientId, _options.Host, _options.Port, ack.SessionPresent);
        Raise(Connected);
        return state;
    }

    private async Task SuperviseAsync(ClientConnection connection)
    {
        while (true)
        {
            await connection.Closed.Task.ConfigureAwait(false);
            await Task.WhenAll(connection.Receive, connection.Pump, connection.KeepAliveLoop).ConfigureAwait(false);
            Raise(Disconnected);
            if (!_options.AutoReconnect || _disposing.IsCancellationRequested)
                return;
            var delay = _options.ReconnectDelayMin;
            while (true)
            {
                try
                {
                    await Task.Delay(delay, _disposing.Token).ConfigureAwait(false);
                    connection = await ConnectOnceAsync(cleanStart: false, _disposing.Token).ConfigureAwait(false);
                    if (_disposing.IsCancellationRequested)
                    {
                        // DisconnectAsync ran while this reconnect was completing and may not have seen it.
                        await CloseAsync(connection, new DisconnectPacket()).ConfigureAwait(false);
                        return;
                    }
                    break;
                }
                catch (OperationCanceledException) when (_disposing.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex)
                {
                    _logger.LogDebug(ex, "MQTT reconnect to {Host}:{Port} failed; retrying in {Delay}", _options.Host, _options.Port, delay);
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.ReconnectDelayMax.Ticks));
                }
            }
        }
    }

    private async Task ReceiveLoopAsync(ClientConnection state)
    {
        MqttPacket? final = null;
        try
        {
            while (true)
            {
                var packet = await state.Connection.ReceiveAsync(state.Stop.Token).ConfigureAwait(false);
                if (packet is null)
                    break;
                if (!Handle(state, packet))
                    break;
            }
        }
        catch (MqttProtocolException ex)
        {
            _logger.LogWarning("MQTT broker sent an invalid packet: {Reason} {Message}", ex.ReasonCode, ex.Message);
            if (_options.ProtocolVersion == MqttProtocolVersion.V500)
                final = new DisconnectPacket { ReasonCode = ex.ReasonCode };
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException or SocketException)
        {
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "MQTT client receive loop failed");
        }
        await CloseAsync(state, final).ConfigureAwait(false);
    }

    /// <summary>Returns false when the broker ended the connection.</summary>
    private bool Handle(ClientConnection state, MqttPacket packet)
    {
        switch (packet)
        {
            case PublishPacket publish:
                HandleIncoming(state, publish);
                return true;
            case PubRelPacket rel:
                lock (_gate)
                    _incomingQos2.Remove(rel.PacketIdentifier);
                state.Connection.TrySend(new PubCompPacket { PacketIdentifier = rel.PacketIdentifier });
                return true;
            case PubAckPacket ack:
                Finish(state, ack.PacketIdentifier, ack.ReasonCode, qos2Stage: false);
                return true;
            case PubRecPacket rec:
                if (rec.ReasonCode >= MqttReasonCode.UnspecifiedError)
                {
                    Finish(state, rec.PacketIdentifier, rec.ReasonCode, qos2Stage: false);
                    return true;
                }
                lock (_gate)
                {
                    var p = _inflight.Find(m => m.PacketIdentifier == rec.PacketIdentifier);
                    if (p is not null)
                    {
                        p.Released = true;
                        p.ReceivedReasonCode = rec.ReasonCode;
                    }
                }
                state.Connection.TrySend(new PubRelPacket { PacketIdentifier = rec.PacketIdentifier });
                return true;
            case PubCompPacket comp:
                Finish(state, comp.PacketIdentifier, comp.ReasonCode, qos2Stage: true);
                return true;
            case SubAckPacket or UnsubAckPacket:
                TaskCompletionSource<MqttPacket>? waiter;
                lock (_gate)
                    _pendingAcks.Remove(((IMqttPacketWithIdentifier)packet).PacketIdentifier, out waiter);
                waiter?.TrySetResult(packet);
                return true;
            case PingRespPacket:
                Interlocked.Exchange(ref state.PingSentTicks, 0);
                return true;
            case DisconnectPacket disconnect:
                _logger.LogInformation("MQTT broker disconnected the client: {Reason}", disconnect.ReasonCode);
                return false;
            default:
                throw MqttProtocolException.ProtocolError($"A broker must not send {packet.Type}.");
        }
    }

    private void HandleIncoming(ClientConnection state, PublishPacket publish)
    {
        var deliver = true;
        switch (publish.QualityOfService)
        {
            case MqttQualityOfService.AtLeastOnce:
                state.Connection.TrySend(new PubAckPacket { PacketIdentifier = publish.PacketIdentifier });
                break;
            case MqttQualityOfService.ExactlyOnce:
                // A resent QoS 2 PUBLISH before PUBREL is acknowledged again but not delivered twice.
                lock (_gate)
                    deliver = _incomingQos2.Add(publish.PacketIdentifier);
                state.Connection.TrySend(new PubRecPacket { PacketIdentifier = publish.PacketIdentifier });
                break;
        }
        if (!deliver)
            return;
        var handler = MessageReceived;
        if (handler is null)
            return;
        try
        {
            handler(this, new MqttMessageReceivedEventArgs(publish.ToApplicationMessage()));
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "MQTT MessageReceived handler threw for topic {Topic}", publish.Topic);
        }
    }

    private void Finish(ClientConnection state, ushort id, MqttReasonCode code, bool qos2Stage)
    {
        PendingPublish? done;
        lock (_gate)
        {
            done = _inflight.Find(m => m.PacketIdentifier == id
                && (qos2Stage ? m.Released : !m.Released));
            if (done is not null)
                _inflight.Remove(done);
        }
        if (done is null)
            return;
        // For QoS 2 the caller learns the PUBREC verdict (e.g. no matching subscribers) once PUBCOMP ends the flow.
        done.Completion.TrySetResult(qos2Stage && code == MqttReasonCode.Success ? done.ReceivedReasonCode : code);
        state.ReleaseSlot();
    }

    private void FailOversize(PublishPacket publish)
    {
        PendingPublish? failed;
        ClientConnection? current;
        lock (_gate)
        {
            failed = _inflight.Find(m => m.PacketIdentifier == publish.PacketIdentifier && publish.QualityOfService != MqttQualityOfService.AtMostOnce);
            if (failed is not null)
                _inflight.Remove(failed);
            current = _current;
        }
        if (failed is null)
            return;
        failed.Completion.TrySetResult(MqttReasonCode.PacketTooLarge);
        current?.ReleaseSlot();
    }

    private async Task PumpAsync(ClientConnection state)
    {
        var token = state.Stop.Token;
        var reader = _queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(token).ConfigureAwait(false))
            {
                if (!reader.TryPeek(out var next))
                    continue;
                // Take a flow-control slot before dequeuing, so a message never leaves the queue unless it is sent.
                var needsSlot = next.Message.QualityOfService != MqttQualityOfService.AtMostOnce;
                if (needsSlot)
                    await state.InflightSlots.WaitAsync(token).ConfigureAwait(false);
                if (!reader.TryRead(out var item))
                    continue;
                if (!needsSlot)
                {
                    await state.Connection.SendAsync(ToPublish(item, dup: false), token).ConfigureAwait(false);
                    item.Completion.TrySetResult(MqttReasonCode.Success);
                    continue;
                }
                PublishPacket packet;
                lock (_gate)
                {
                    item.PacketIdentifier = NextIdentifierLocked();
                    _inflight.Add(item);
                    packet = ToPublish(item, dup: false);
                }
                // If the connection dies now the message is in flight and is resent by the next connection.
                await state.Connection.SendAsync(packet, token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException)
        {
        }
    }

    private async Task KeepAliveLoopAsync(ClientConnection state)
    {
        if (state.KeepAlive <= TimeSpan.Zero)
            return;
        var keepAliveMs = (long)state.KeepAlive.TotalMilliseconds;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(Math.Max(50, keepAliveMs / 4)));
        try
        {
            while (await timer.WaitForNextTickAsync(state.Stop.Token).ConfigureAwait(false))
            {
                var now = Environment.TickCount64;
                var pingSent = Interlocked.Read(ref state.PingSentTicks);
                if (pingSent != 0 && now - pingSent > keepAliveMs)
                {
                    _logger.LogWarning("MQTT broker did not answer PINGREQ within {KeepAlive}; reconnecting", state.KeepAlive);
                    await CloseAsync(state, null).ConfigureAwait(false);
                    return;
                }
                // Ping after half a period of silence so the broker (1.5 x keepalive) never sees us idle.
                if (pingSent == 0 && now - state.Connection.LastSendTicks >= keepAliveMs / 2)
                {
                    Interlocked.Exchange(ref state.PingSentTicks, now);
                    state.Connection.TrySend(PingReqPacket.Instance);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task CloseAsync(ClientConnection state, MqttPacket? final)
    {
        if (Interlocked.Exchange(ref state.Closing, 1) != 0)
        {
            await state.Closed.Task.ConfigureAwait(false);
            return;
        }
        List<TaskCompletionSource<MqttPacket>> waiters;
        lock (_gate)
        {
            if (ReferenceEquals(_current, state))
                _current = null;
            waiters = [.. _pendingAcks.Values];
            _pendingAcks.Clear();
        }
        await state.Connection.CloseAsync(final).ConfigureAwait(false);
        state.Stop.Cancel();
        await state.Connection.DisposeAsync().ConfigureAwait(false);
        foreach (var w in waiters)
            w.TrySetException(new IOException("The MQTT connection was lost before the broker answered."));
        state.Closed.TrySetResult();
    }

    private ushort NextIdentifierLocked()
    {
        while (true)
        {
            _nextId = _nextId == ushort.MaxValue ? (ushort)1 : (ushort)(_nextId + 1);
            var candidate = _nextId;
            if (!_pendingAcks.ContainsKey(candidate) && !_inflight.Exists(m => m.PacketIdentifier == candidate))
                return candidate;
        }
    }

    private static PublishPacket ToPublish(PendingPublish pending, bool dup)
    {
        var packet = PublishPacket.FromApplicationMessage(pending.Message);
        packet.PacketIdentifier = pending.Message.QualityOfService == MqttQualityOfService.AtMostOnce ? (ushort)0 : pending.PacketIdentifier;
        packet.Dup = dup && pending.Message.QualityOfService != MqttQualityOfService.AtMostOnce;
        return packet;
    }

    private void Raise(EventHandler? handler)
    {
        try
        {
            handler?.Invoke(this, EventArgs.Empty);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "MQTT client event handler threw");
        }
    }
}
