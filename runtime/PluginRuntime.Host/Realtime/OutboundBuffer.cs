using System.Buffers;
using System.Net.WebSockets;
using System.Threading.Channels;
using PluginRuntime.Core.Logging;

namespace PluginRuntime.Host.Realtime;

/// <summary>
/// What one connection has to send, already framed: whoever has something to send (the receive loop's replies, an
/// exec completing, a status change, a log line) writes its frame here, under a short lock, and the connection's one
/// send loop takes everything written so far and sends it in one socket write. A status that changes fast thus
/// reaches many clients in a few large writes rather than one write per client per value.
/// <para>It never grows without bound, yet never drops a reply or a binding's latest value:</para>
/// <list type="bullet">
/// <item>Replies hold a reply slot from before their request is read until they have been written. With no slot
/// free the receive loop waits, so a client that doesn't read its replies stops being read (TCP pushes back).</item>
/// <item>A value is framed only while less than <see cref="RealtimeOptions.NotifyBufferBytes"/> wait to be written.
/// Past that the binding keeps just its newest value (a newer one replaces it) and it is framed once there is room:
/// a slow client costs one pending value per binding and always ends up with the latest one.</item>
/// <item>Debug lines past <see cref="RealtimeOptions.DebugLineBound"/> waiting are dropped and counted.</item>
/// </list>
/// The bounds apply to the buffer being filled; the batch the send loop is writing is another one at most, so a
/// client that stops reading holds at most twice them (plus its replies), besides what the socket buffers hold.
/// <para>Messages are rendered outside the lock (status writers wait on it, under their module's status lock) and
/// only copied in under it.</para>
/// </summary>
internal sealed class OutboundBuffer
{
    private const int InitialCapacity = 4096;
    private const int ShrinkAbove = 1024 * 1024;
    private static readonly byte[] PongPayload = "pong"u8.ToArray();

    [ThreadStatic]
    private static FrameWriter? t_json; // renders payloads outside the lock; one per thread, so never shared

    private readonly Lock _lock = new();
    private FrameWriter? _noticeJson; // for the rare drop notice, rendered under the lock
    private readonly Queue<RealtimeBinding> _waiting = new(); // bindings whose newest value waits for room
    private readonly SemaphoreSlim _replySlots;
    // Holds at most one token (written only when _signaled turns true): "there is something for the send loop".
    // A single-reader channel, because its wait reuses one awaitable instead of allocating per wake-up.
    private readonly Channel<bool> _ready = Channel.CreateUnbounded<bool>(new UnboundedChannelOptions { SingleReader = true });
    private readonly int _notifyBytes;
    private readonly int _debugBound;
    private ArrayBufferWriter<byte> _frames = new(InitialCapacity); // being filled
    private ArrayBufferWriter<byte>? _spare = new(InitialCapacity); // null while the send loop writes it
    private bool _signaled;
    private int _replies; // replies in _frames, whose slots are given back once written
    private int _debugLines; // debug lines in _frames
    private long _debugDropped;
    private long _droppedUnreported;
    private (string ModuleId, string Klass) _droppedFrom; // the module of the latest dropped line, for the notice
    private int _highWater;
    private int _debugHighWater;
    private (string Reason, WebSocketCloseStatus Status)? _close;
    private bool _completed;

    public OutboundBuffer(int replyBound, int debugBound, int notifyBytes)
    {
        _debugBound = debugBound;
        _notifyBytes = notifyBytes;
        // No maximum count: a surplus release must not throw in the send loop (it would only loosen the bound).
        _replySlots = new SemaphoreSlim(replyBound);
    }

    /// <summary>The most bytes that waited to be written at once: what tests check against the bound.</summary>
    public int HighWaterMark => Volatile.Read(ref _highWater);

    /// <summary>The most debug lines that waited at once.</summary>
    public int DebugHighWaterMark => Volatile.Read(ref _debugHighWater);

    /// <summary>Debug lines dropped so far (for tests; the client is told separately).</summary>
    public long DebugLinesDropped => Interlocked.Read(ref _debugDropped);

    /// <summary>Waits for a reply slot; the receive loop takes one before reading each message.</summary>
    public Task WaitForReplySlotAsync(CancellationToken cancellationToken) => _replySlots.WaitAsync(cancellationToken);

    /// <summary>Gives back a slot whose message produced no reply (the client closed instead).</summary>
    public void ReturnReplySlot() => _replySlots.Release();

    /// <summary>Frames a reply; the caller owns the reply slot it uses.</summary>
    public void Reply(in OutboundItem reply)
    {
        var json = t_json ??= new FrameWriter();
        var payload = Render(json, reply).Span;
        bool dropped;
        lock (_lock)
        {
            dropped = IsShut;
            if (!dropped)
            {
                ServerFrame.WriteText(_frames, payload);
                _replies++;
                Filled();
            }
        }
        json.TrimAfterUse();
        if (dropped)
        {
            _replySlots.Release(); // never sent, so its slot is free: the receive loop can still read the client's close
        }
    }

    /// <summary>
    /// Frames a binding's new value, or keeps it as the binding's pending value if the buffer is full (or the binding
    /// already has one waiting, which keeps its values in order). Called inline from the status writer: no waiting here.
    /// </summary>
    /// <param name="json">UTF-8 JSON, or null for a JSON null (key deleted, or the address has no module with it now).</param>
    public void Notify(RealtimeBinding binding, byte[]? json)
    {
        lock (_lock)
        {
            if (IsShut)
            {
                return;
            }
            if (binding.IsWaiting || _frames.WrittenCount >= _notifyBytes)
            {
                binding.WaitingValue = json; // replaces an older value that was never framed
                if (!binding.IsWaiting)
                {
                    binding.IsWaiting = true;
                    _waiting.Enqueue(binding);
                    Signal(); // usually signalled already (the buffer is full); not when the bound is zero
                }
                return;
            }
            FrameNotify(binding, json);
            Filled();
        }
    }

    /// <summary>Frames a debug line unless too many are waiting; then counts it as dropped.</summary>
    public void Debug(ModuleLogEntry entry, string klass)
    {
        // Unlocked first look: a module logging faster than the client reads mostly drops, so don't render for nothing.
        if (Volatile.Read(ref _debugLines) < _debugBound)
        {
            var json = t_json ??= new FrameWriter();
            var payload = json.Debug(entry, klass).Span;
            lock (_lock)
            {
                if (IsShut)
                {
                    return;
                }
                if (_debugLines < _debugBound)
                {
                    FrameDropNotice();
                    ServerFrame.WriteText(_frames, payload);
                    _debugLines++;
                    _debugHighWater = Math.Max(_debugHighWater, _debugLines);
                    Filled();
                    return;
                }
            }
        }
        lock (_lock)
        {
            _debugDropped++;
            _droppedUnreported++;
            _droppedFrom = (entry.ModuleId, klass);
        }
    }

    /// <summary>The server closes the connection after what is already framed; nothing framed later is sent.</summary>
    public void RequestClose(string reason, WebSocketCloseStatus status)
    {
        lock (_lock)
        {
            if (IsShut)
            {
                return;
            }
            _close = (reason, status);
            Signal();
        }
    }

    /// <summary>Nothing more after this; the send loop writes what is framed and ends.</summary>
    public void Complete()
    {
        lock (_lock)
        {
            _completed = true;
            Signal();
        }
    }

    /// <summary>Waits until there is something for <see cref="Take"/>.</summary>
    public async ValueTask WaitAsync(CancellationToken cancellationToken)
    {
        while (!_ready.Reader.TryRead(out _))
        {
            await _ready.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Takes everything framed so far, for one write; then frames the pending values of waiting bindings into the
    /// emptied buffer, so they leave in the next write. Hand the batch back with <see cref="Sent"/>.
    /// </summary>
    public OutboundBatch Take()
    {
        lock (_lock)
        {
            _signaled = false;
            var batch = new OutboundBatch(_frames, _replies, _close, _completed);
            _frames = _spare ?? throw new InvalidOperationException("Take was called before the last batch was handed back.");
            _spare = null;
            _replies = 0;
            _debugLines = 0;
            if (!IsShut)
            {
                FrameDropNotice(); // the lines waiting were taken: there is room to tell the client what it missed
                // At least one, whatever the bound, so even a tiny NotifyBufferBytes delivers.
                while (_waiting.Count > 0 && (_frames.WrittenCount == 0 || _frames.WrittenCount < _notifyBytes))
                {
                    var binding = _waiting.Dequeue();
                    binding.IsWaiting = false;
                    if (!binding.IsDisposed)
                    {
                        FrameNotify(binding, binding.WaitingValue);
                    }
                    binding.WaitingValue = null;
                }
                if (_frames.WrittenCount > 0)
                {
                    Filled();
                }
            }
            return batch;
        }
    }

    /// <summary>A batch has been written (or given up on): its reply slots are free and its buffer is reused.</summary>
    public void Sent(OutboundBatch batch)
    {
        var frames = batch.Frames;
        // A big exec result, or a burst that has passed: don't keep a large buffer per connection for small batches.
        if (frames.Capacity > ShrinkAbove || (frames.Capacity > InitialCapacity && frames.WrittenCount < frames.Capacity / 4))
        {
            frames = new ArrayBufferWriter<byte>(InitialCapacity);
        }
        else
        {
            frames.ResetWrittenCount();
        }
        lock (_lock)
        {
            _spare = frames;
        }
        if (batch.Replies > 0)
        {
            _replySlots.Release(batch.Replies);
        }
    }

    // After a close request or completion nothing more is framed: it would never be sent.
    private bool IsShut => _close is not null || _completed;

    // Rare (only after drops), so rendered under the lock, with a writer of its own: the caller's may hold its payload.
    private void FrameDropNotice()
    {
        if (_droppedUnreported == 0)
        {
            return;
        }
        ServerFrame.WriteText(_frames, (_noticeJson ??= new FrameWriter()).Debug(_droppedFrom.ModuleId, _droppedFrom.Klass, Microsoft.Extensions.Logging.LogLevel.Warning,
            $"{_droppedUnreported} debug lines were dropped: this client reads them slower than the module logs.").Span);
        _droppedUnreported = 0;
    }

    private void FrameNotify(RealtimeBinding binding, byte[]? json)
    {
        var prefix = binding.NotifyPrefix;
        var value = json is null ? "null"u8 : json;
        ServerFrame.WriteTextHeader(_frames, prefix.Length + value.Length + 1);
        _frames.Write(prefix);
        _frames.Write(value);
        _frames.Write("}"u8);
    }

    private static ReadOnlyMemory<byte> Render(FrameWriter json, in OutboundItem item) => item.Kind switch
    {
        OutboundKind.Success => json.Success(item.Request!),
        OutboundKind.ExecSuccess => json.ExecSuccess(item.Request!, (byte[])item.Payload!),
        OutboundKind.DebugSuccess => json.DebugSuccess(item.Request!, item.Text!),
        OutboundKind.IgnoreSuccess => json.IgnoreSuccess(item.Request!),
        OutboundKind.Error => json.Error(item.Request, item.Code, item.Text!),
        OutboundKind.Pong => PongPayload,
        _ => throw new ArgumentOutOfRangeException(nameof(item), item.Kind, "not a reply"),
    };

    private void Filled()
    {
        if (_frames.WrittenCount > _highWater)
        {
            Volatile.Write(ref _highWater, _frames.WrittenCount);
        }
        Signal();
    }

    private void Signal()
    {
        if (!_signaled)
        {
            _signaled = true;
            _ready.Writer.TryWrite(true);
        }
    }
}

/// <summary>One write's worth of frames, with what the send loop must do after writing it.</summary>
internal readonly record struct OutboundBatch(ArrayBufferWriter<byte> Frames, int Replies, (string Reason, WebSocketCloseStatus Status)? Close, bool Completed);
