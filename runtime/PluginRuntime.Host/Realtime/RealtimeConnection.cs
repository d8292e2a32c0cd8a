using System.Buffers;
using System.Net.WebSockets;
using PluginRuntime.Core.Engine;
using PluginRuntime.Core.Exec;

namespace PluginRuntime.Host.Realtime;

/// <summary>
/// One client of the real-time websocket. A receive loop reads and dispatches messages; one send loop writes
/// everything the connection sends from its <see cref="OutboundQueue"/>, so frames never interleave and a slow
/// client only ever slows its own send loop. Closing happens once; bindings, log watches and running execs end
/// with the connection. (Command handling is in <c>RealtimeConnection.Commands.cs</c>.)
/// </summary>
internal sealed partial class RealtimeConnection
{
    private static readonly byte[] PongFrame = "pong"u8.ToArray();
    private static long s_lastId;

    private readonly WebSocket _socket;
    private readonly RuntimeEngine _engine;
    private readonly Caller _caller;
    private readonly RealtimeOptions _options;
    private readonly ILogger _log;
    private readonly string _remote;
    private readonly OutboundQueue _queue;
    private readonly FrameWriter _frames = new(); // used by the send loop only
    private readonly Lock _lock = new(); // guards _bindings and _debugs
    private readonly Dictionary<BindingKey, RealtimeBinding> _bindings = [];
    private readonly Dictionary<string, IDisposable> _debugs = new(StringComparer.Ordinal);
    // Not disposed: a shutdown may still call CancelAfter on them while the connection finishes; they hold no timers after.
    private readonly CancellationTokenSource _receiveCts = new();
    private readonly CancellationTokenSource _sendCts = new();
    private readonly CancellationTokenSource _execCts = new();
    private int _closeRequested;
    private int _closed;

    public RealtimeConnection(WebSocket socket, RuntimeEngine engine, Caller caller, RealtimeOptions options, ILogger log, string remote)
    {
        _socket = socket;
        _engine = engine;
        _caller = caller;
        _options = options;
        _log = log;
        _remote = remote;
        _queue = new OutboundQueue(options.ReplyBound, options.DebugLineBound);
        Id = Interlocked.Increment(ref s_lastId);
    }

    public long Id { get; }

    public Caller Caller => _caller;

    /// <summary>The outbound queue, for tests that check its length stays within <see cref="QueueBound"/>.</summary>
    internal OutboundQueue Queue => _queue;

    internal int BindingCount
    {
        get
        {
            lock (_lock)
            {
                return _bindings.Count;
            }
        }
    }

    /// <summary>The most the outbound queue can hold right now (see <see cref="OutboundQueue"/>).</summary>
    internal int QueueBound => _queue.ReplyBound + _queue.DebugBound + BindingCount + 1;

    /// <summary>Serves the client until it closes, the request is aborted, or <see cref="RequestClose"/> ends it.</summary>
    public async Task RunAsync(CancellationToken requestAborted)
    {
        _log.Opened(Id, _remote, _caller.Name);
        string reason = "client closed";
        using var abort = requestAborted.Register(() => _receiveCts.Cancel());
        _engine.Changed += OnEngineChanged;
        var sending = SendLoopAsync();
        try
        {
            await ReceiveLoopAsync(_receiveCts.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            reason = ex.GetType().Name + ": " + ex.Message;
        }
        finally
        {
            _engine.Changed -= OnEngineChanged;
            DisposeSubscriptions();
            _execCts.Cancel();
            _queue.Complete();
            // Flush what is queued (the replies to the client's last requests), but never wait on a client forever.
            _sendCts.CancelAfter(_options.CloseTimeout);
            await sending.ConfigureAwait(false);
            await CloseOnceAsync(WebSocketCloseStatus.NormalClosure, "").ConfigureAwait(false);
            _log.Closed(Id, _remote, reason);
        }
    }

    /// <summary>Server-side close (shutdown): sent after what is already queued; the client's close answer ends the loop.</summary>
    public void RequestClose(string reason)
    {
        if (Interlocked.Exchange(ref _closeRequested, 1) == 1)
        {
            return;
        }
        _queue.EnqueueClose(reason);
        try
        {
            _receiveCts.CancelAfter(_options.CloseTimeout);
        }
        catch (ObjectDisposedException)
        {
            // already finished
        }
    }

    private async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        int max = _options.MaxMessageBytes;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Min(4096, max));
        byte[]? discard = null;
        try
        {
            while (true)
            {
                // One slot per message: every message gets exactly one reply, and without a free slot we stop reading.
                await _queue.WaitForReplySlotAsync(cancellationToken).ConfigureAwait(false);
                int count = 0;
                bool oversized = false;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (count == buffer.Length && buffer.Length < max)
                    {
                        var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, max));
                        buffer.AsSpan(0, count).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }
                    int limit = Math.Min(buffer.Length, max);
                    bool discarding = count >= limit;
                    // Past the limit the rest of the message is read and thrown away, so the connection stays usable.
                    var target = discarding ? (discard ??= new byte[4096]).AsMemory() : buffer.AsMemory(count, limit - count);
                    result = await _socket.ReceiveAsync(target, cancellationToken).ConfigureAwait(false);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        _queue.ReturnReplySlot();
                        return;
                    }
                    if (discarding)
                    {
                        oversized |= result.Count > 0;
                    }
                    else
                    {
                        count += result.Count;
                    }
                }
                while (!result.EndOfMessage);
                HandleMessage(result.MessageType, buffer.AsSpan(0, count), oversized);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task SendLoopAsync()
    {
        var reader = _queue.Reader;
        var token = _sendCts.Token;
        try
        {
            while (await reader.WaitToReadAsync(token).ConfigureAwait(false))
            {
                while (_queue.TryDequeue(out var item))
                {
                    if (item.Kind == OutboundKind.Close)
                    {
                        await CloseOnceAsync(WebSocketCloseStatus.EndpointUnavailable, item.Text ?? "").ConfigureAwait(false);
                        return;
                    }
                    if (item.Kind == OutboundKind.Debug && _queue.TakeUnreportedDrops() is > 0 and var dropped)
                    {
                        var entry = (Core.Logging.ModuleLogEntry)item.Payload!;
                        var notice = _frames.Debug(entry.ModuleId, item.Text!, LogLevel.Warning,
                            $"{dropped} debug lines were dropped: this client reads them slower than the module logs.");
                        await _socket.SendAsync(notice, WebSocketMessageType.Text, true, token).ConfigureAwait(false);
                    }
                    var frame = Render(item);
                    if (frame.IsEmpty)
                    {
                        continue; // a binding whose value was already sent, or that was unbound meanwhile
                    }
                    await _socket.SendAsync(frame, WebSocketMessageType.Text, true, token).ConfigureAwait(false);
                    _frames.TrimAfterSend();
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            // The client is gone (or closing gave up on it): stop reading from it too.
            _receiveCts.Cancel();
        }
        catch (Exception ex)
        {
            _log.Unexpected(Id, "send", ex);
            _receiveCts.Cancel();
        }
    }

    private ReadOnlyMemory<byte> Render(in OutboundItem item)
    {
        switch (item.Kind)
        {
            case OutboundKind.Notify:
                var binding = (RealtimeBinding)item.Payload!;
                return binding.TryTakeValue(out var value) ? _frames.Notify(binding.NotifyPrefix, value) : default;
            case OutboundKind.Success:
                return _frames.Success(item.Request!);
            case OutboundKind.ExecSuccess:
                return _frames.ExecSuccess(item.Request!, (byte[])item.Payload!);
            case OutboundKind.DebugSuccess:
                return _frames.DebugSuccess(item.Request!, item.Text!);
            case OutboundKind.IgnoreSuccess:
                return _frames.IgnoreSuccess(item.Request!);
            case OutboundKind.Error:
                return _frames.Error(item.Request, item.Code, item.Text!);
            case OutboundKind.Pong:
                return PongFrame;
            case OutboundKind.Debug:
                return _frames.Debug((Core.Logging.ModuleLogEntry)item.Payload!, item.Text!);
            default:
                return default;
        }
    }

    private async Task CloseOnceAsync(WebSocketCloseStatus status, string description)
    {
        if (Interlocked.Exchange(ref _closed, 1) == 1 || _socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }
        using var timeout = new CancellationTokenSource(_options.CloseTimeout);
        try
        {
            await _socket.CloseOutputAsync(status, description, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            // The client went away first: nothing left to close politely.
        }
    }

    private void OnEngineChanged()
    {
        RealtimeBinding[] bindings;
        lock (_lock)
        {
            bindings = [.. _bindings.Values];
        }
        foreach (var binding in bindings)
        {
            binding.Refresh();
        }
    }

    private void DisposeSubscriptions()
    {
        RealtimeBinding[] bindings;
        IDisposable[] debugs;
        lock (_lock)
        {
            bindings = [.. _bindings.Values];
            debugs = [.. _debugs.Values];
            _bindings.Clear();
            _debugs.Clear();
        }
        foreach (var binding in bindings)
        {
            binding.Dispose();
        }
        foreach (var debug in debugs)
        {
            debug.Dispose();
        }
    }
}
