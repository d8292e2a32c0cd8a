using System.Threading.Channels;

namespace PluginRuntime.Host.Realtime;

/// <summary>
/// A connection's one outbound queue, read by its one send loop. It never grows without bound, yet never drops a
/// reply or a binding's latest value:
/// <list type="bullet">
/// <item>Replies hold a reply slot from before their request is read until they leave the queue. With no slot free
/// the receive loop waits, so a client that doesn't read its replies stops being read (TCP pushes back).</item>
/// <item>A binding is queued at most once at a time; its newest value replaces an unsent one (see
/// <see cref="RealtimeBinding"/>), so notifications take at most one entry per binding.</item>
/// <item>Debug lines past <see cref="RealtimeOptions.DebugLineBound"/> are dropped and counted.</item>
/// </list>
/// So the length is at most reply slots + bindings + debug bound (+1 close), whatever the status change rate.
/// </summary>
internal sealed class OutboundQueue
{
    private readonly Channel<OutboundItem> _channel = Channel.CreateUnbounded<OutboundItem>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });
    private readonly SemaphoreSlim _replySlots;
    private readonly int _debugBound;
    private int _length;
    private int _highWater;
    private int _debugQueued;
    private long _debugDropped;
    private long _droppedUnreported;

    public OutboundQueue(int replyBound, int debugBound)
    {
        ReplyBound = replyBound;
        _debugBound = debugBound;
        // No maximum count: a surplus release must not throw in the send loop (it would only loosen the bound).
        _replySlots = new SemaphoreSlim(replyBound);
    }

    public int ReplyBound { get; }

    public int DebugBound => _debugBound;

    /// <summary>Items queued and not yet taken by the send loop.</summary>
    public int Length => Volatile.Read(ref _length);

    /// <summary>The largest <see cref="Length"/> seen: what tests check against the bound.</summary>
    public int HighWaterMark => Volatile.Read(ref _highWater);

    /// <summary>Debug lines dropped so far (for tests; the client is told separately).</summary>
    public long DebugLinesDropped => Interlocked.Read(ref _debugDropped);

    public ChannelReader<OutboundItem> Reader => _channel.Reader;

    /// <summary>Waits for a reply slot; the receive loop takes one before reading each message.</summary>
    public Task WaitForReplySlotAsync(CancellationToken cancellationToken) => _replySlots.WaitAsync(cancellationToken);

    /// <summary>Gives back a slot whose message produced no reply (the client closed instead).</summary>
    public void ReturnReplySlot() => _replySlots.Release();

    /// <summary>Queues a reply; the caller owns the reply slot it uses.</summary>
    public void EnqueueReply(OutboundItem reply) => Enqueue(reply);

    /// <summary>Queues a binding that has a new value (the binding guarantees it is queued once at a time).</summary>
    public void EnqueueNotify(RealtimeBinding binding) => Enqueue(OutboundItem.Notify(binding));

    /// <summary>Queues a debug line unless too many are waiting; then counts it as dropped.</summary>
    public void EnqueueDebug(OutboundItem line)
    {
        if (Interlocked.Increment(ref _debugQueued) > _debugBound)
        {
            Interlocked.Decrement(ref _debugQueued);
            Interlocked.Increment(ref _debugDropped);
            Interlocked.Increment(ref _droppedUnreported);
            return;
        }
        if (!Enqueue(line))
        {
            Interlocked.Decrement(ref _debugQueued);
        }
    }

    /// <summary>Debug lines dropped since the last call, so the client can be told how many it missed.</summary>
    public long TakeUnreportedDrops() => Interlocked.Exchange(ref _droppedUnreported, 0);

    public void EnqueueClose(string reason, System.Net.WebSockets.WebSocketCloseStatus status) => Enqueue(OutboundItem.Close(reason, status));

    /// <summary>Takes the next item, releasing what it held in the queue's bounds.</summary>
    public bool TryDequeue(out OutboundItem item)
    {
        if (!_channel.Reader.TryRead(out item))
        {
            return false;
        }
        Interlocked.Decrement(ref _length);
        if (item.IsReply)
        {
            _replySlots.Release();
        }
        else if (item.Kind == OutboundKind.Debug)
        {
            Interlocked.Decrement(ref _debugQueued);
        }
        return true;
    }

    /// <summary>No more items after this; the send loop drains what is queued and ends.</summary>
    public void Complete() => _channel.Writer.TryComplete();

    private bool Enqueue(OutboundItem item)
    {
        int length = Interlocked.Increment(ref _length);
        if (!_channel.Writer.TryWrite(item))
        {
            Interlocked.Decrement(ref _length); // closed: the connection is going away
            return false;
        }
        int seen = Volatile.Read(ref _highWater);
        while (length > seen)
        {
            int previous = Interlocked.CompareExchange(ref _highWater, length, seen);
            if (previous == seen)
            {
                break;
            }
            seen = previous;
        }
        return true;
    }
}
