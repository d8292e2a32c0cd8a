using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using PluginRuntime.Core.Engine;
using PluginRuntime.Core.Exec;
using PluginRuntime.Host.Auth;
using PluginRuntime.Sdk;

namespace PluginRuntime.Host.Realtime;

/// <summary>
/// One client of the real-time websocket. A receive loop reads and dispatches messages; one send loop writes
/// everything the connection sends from its <see cref="OutboundBuffer"/> (many frames per socket write when there
/// is much to send), so a slow client only ever slows its own send loop. Closing happens once; bindings, log
/// watches and running execs end with the connection. (Command handling is in <c>RealtimeConnection.Commands.cs</c>.)
/// </summary>
internal sealed partial class RealtimeConnection
{
    private static long s_lastId;

    private readonly WebSocket _socket;
    private readonly SharedWriteStream _stream; // the socket's own stream, on which the send loop writes its batches of frames
    private readonly RuntimeEngine _engine;
    private readonly RealtimeOptions _options;
    // Re-checks the credential the connection was opened with: after every config apply and at a token's expiry.
    private readonly Func<AuthenticationResult>? _reauthenticate;
    private readonly TimeProvider _time;
    private readonly Lock _authLock = new(); // guards _finished, _expiryTimer and the calls to _reauthenticate
    private ITimer? _expiryTimer;
    private bool _finished;
    private volatile Caller _caller;
    private volatile string? _revoked; // why the credential no longer counts; set once
    private readonly ILogger _log;
    private readonly string _remote;
    private readonly OutboundBuffer _outbound;
    private readonly Lock _lock = new(); // guards _bindings and _debugs
    private readonly Dictionary<BindingKey, RealtimeBinding> _bindings = [];
    private readonly Dictionary<string, IDisposable> _debugs = new(StringComparer.Ordinal);
    // Not disposed: a shutdown may still call CancelAfter on them while the connection finishes; they hold no timers after.
    private readonly CancellationTokenSource _receiveCts = new();
    private readonly CancellationTokenSource _sendCts = new();
    private readonly CancellationTokenSource _execCts = new();
    private readonly DateTimeOffset? _initialExpiry;
    private int _closeRequested;
    private int _closed;

    /// <param name="stream">The stream <paramref name="socket"/> runs on, shared with it (see <see cref="SharedWriteStream"/>).</param>
    public RealtimeConnection(WebSocket socket, SharedWriteStream stream, RuntimeEngine engine, Caller caller, RealtimeOptions options, ILogger log, string remote,
        Func<AuthenticationResult>? reauthenticate = null, DateTimeOffset? expiresAt = null, TimeProvider? time = null)
    {
        _socket = socket;
        _stream = stream;
        _engine = engine;
        _caller = caller;
        _options = options;
        _reauthenticate = reauthenticate;
        _time = time ?? TimeProvider.System;
        _initialExpiry = expiresAt;
        _log = log;
        _remote = remote;
        _outbound = new OutboundBuffer(options.ReplyBound, options.DebugLineBound, options.NotifyBufferBytes);
        Id = Interlocked.Increment(ref s_lastId);
    }

    public long Id { get; }

    public Caller Caller => _caller;

    /// <summary>The outbound buffer, for tests that check it stays within its bounds.</summary>
    internal OutboundBuffer Outbound => _outbound;

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

    /// <summary>Serves the client until it closes, the request is aborted, or <see cref="RequestClose"/> ends it.</summary>
    public async Task RunAsync(CancellationToken requestAborted)
    {
        _log.Opened(Id, _remote, _caller.Name);
        string reason = "client closed";
        using var abort = requestAborted.Register(() => _receiveCts.Cancel());
        _engine.Changed += OnEngineChanged;
        _engine.Applied += OnApplied;
        lock (_authLock)
        {
            ScheduleExpiry(_initialExpiry);
        }
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
            _engine.Applied -= OnApplied;
            lock (_authLock)
            {
                // After this no re-check runs: the request (whose credential it reads) ends when this method returns.
                _finished = true;
                _expiryTimer?.Dispose();
            }
            DisposeSubscriptions();
            _execCts.Cancel();
            _outbound.Complete();
            // Flush what is queued (the replies to the client's last requests), but never wait on a client forever.
            _sendCts.CancelAfter(_options.CloseTimeout);
            await sending.ConfigureAwait(false);
            await CloseOnceAsync(WebSocketCloseStatus.NormalClosure, "").ConfigureAwait(false);
            _log.Closed(Id, _remote, reason);
        }
    }

    /// <summary>Server-side close (shutdown): sent after what is already queued; the client's close answer ends the loop.</summary>
    public void RequestClose(string reason, WebSocketCloseStatus status = WebSocketCloseStatus.EndpointUnavailable)
    {
        if (Interlocked.Exchange(ref _closeRequested, 1) == 1)
        {
            return;
        }
        _outbound.RequestClose(FitCloseReason(reason), status);
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
                await _outbound.WaitForReplySlotAsync(cancellationToken).ConfigureAwait(false);
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
                        _outbound.ReturnReplySlot();
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
                try
                {
                    HandleMessage(result.MessageType, buffer.AsSpan(0, count), oversized);
                }
                catch (Exception ex)
                {
                    // Backstop: nothing a client sends may end the connection, even through a fault of ours.
                    _log.Unexpected(Id, "(message)", ex);
                    Reply(OutboundItem.Error(null, ErrorCode.UnexpectedFailure,
                        $"Unexpected failure handling the message ({ex.GetType().Name}); the connection stays open."));
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task SendLoopAsync()
    {
        var token = _sendCts.Token;
        try
        {
            while (true)
            {
                await _outbound.WaitAsync(token).ConfigureAwait(false);
                var batch = _outbound.Take();
                try
                {
                    if (batch.Frames.WrittenCount > 0)
                    {
                        await _stream.WriteFramesAsync(batch.Frames.WrittenMemory, token).ConfigureAwait(false);
                    }
                }
                finally
                {
                    _outbound.Sent(batch);
                }
                if (batch.Close is { } close)
                {
                    await CloseOnceAsync(close.Status, close.Reason).ConfigureAwait(false);
                    return;
                }
                if (batch.Completed)
                {
                    return;
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

    private void OnApplied(ApplyReport report) => Reauthenticate();

    /// <summary>
    /// Checks the connection's credential again against the running config (and clock). If it no longer counts the
    /// connection is closed with 1008; otherwise the fresh caller replaces the old one, so a changed role or scope
    /// applies to the next command, and a connection holding something now out of scope is closed with 1008 too.
    /// </summary>
    internal void Reauthenticate()
    {
        if (_reauthenticate is null)
        {
            return;
        }
        AuthenticationResult result;
        lock (_authLock)
        {
            if (_finished || _revoked is not null)
            {
                return;
            }
            try
            {
                result = _reauthenticate();
            }
            catch (Exception ex)
            {
                // Runs on the config apply path: never let it fail the apply. The old caller stays until the next check.
                _log.Unexpected(Id, "(re-authenticate)", ex);
                return;
            }
            if (result.Caller is { } fresh)
            {
                _caller = fresh;
                ScheduleExpiry(result.ExpiresAt);
            }
            else
            {
                _revoked = "credential revoked: " + (result.Failure ?? "it is no longer valid");
            }
        }
        if (_revoked is { } why)
        {
            EndAccess(why);
        }
        else if (FindOutOfScope() is { } what)
        {
            _revoked = $"credential scope changed: '{_caller.Name}' may no longer use {what}; reconnect";
            EndAccess(_revoked);
        }
    }

    private void EndAccess(string why)
    {
        _log.Revoked(Id, _remote, _caller.Name, why);
        DisposeSubscriptions(); // no more values or debug lines from here on
        RequestClose(why, WebSocketCloseStatus.PolicyViolation);
    }

    /// <summary>A binding or debug watch the current caller may no longer make, described; or null.</summary>
    private string? FindOutOfScope()
    {
        var caller = _caller;
        BindingKey[] keys;
        string[] debugs;
        lock (_lock)
        {
            keys = [.. _bindings.Keys];
            debugs = [.. _debugs.Keys];
        }
        var directory = _engine.Directory;
        foreach (var key in keys)
        {
            // A system that no longer exists is not a scope change (its bindings just have no value).
            if (directory.TryGetSystem(key.System, out _) && !caller.CanAccess(key.System))
            {
                return $"system '{key.System}'";
            }
            if (IsInternal(key.Module) && caller.Clearance < SecurityLevel.Support)
            {
                return $"internal module '{key.Module}'";
            }
        }
        foreach (var moduleId in debugs)
        {
            var places = directory.PlacesOf(moduleId).ToArray();
            if (places.Length > 0 && !places.Any(p => caller.CanAccess(p.System.Id)))
            {
                return $"module '{moduleId}'";
            }
            if (places.Any(p => IsInternal(p.Module.Name)) && caller.Clearance < SecurityLevel.Support)
            {
                return $"internal module '{moduleId}'";
            }
        }
        return null;
    }

    /// <summary>Closes the connection when a token expires (plus the validator's clock skew), by re-checking it then.</summary>
    private void ScheduleExpiry(DateTimeOffset? expiresAt)
    {
        if (expiresAt is not { } expires)
        {
            _expiryTimer?.Dispose();
            _expiryTimer = null;
            return;
        }
        // A second past the validator's tolerance, so the re-check finds the token expired; never a busy loop.
        var due = expires + JwtValidator.ClockSkew + TimeSpan.FromSeconds(1) - _time.GetUtcNow();
        if (due < TimeSpan.FromSeconds(1))
        {
            due = TimeSpan.FromSeconds(1);
        }
        if (_expiryTimer is null)
        {
            _expiryTimer = _time.CreateTimer(_ => Reauthenticate(), null, due, Timeout.InfiniteTimeSpan);
        }
        else
        {
            _expiryTimer.Change(due, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>A close reason is at most 123 UTF-8 bytes; longer ones are cut at a character boundary.</summary>
    private static string FitCloseReason(string reason)
    {
        const int max = 123;
        if (Encoding.UTF8.GetByteCount(reason) <= max)
        {
            return reason;
        }
        int length = reason.Length;
        while (length > 0 && Encoding.UTF8.GetByteCount(reason.AsSpan(0, length)) > max - 3)
        {
            length--;
        }
        if (length > 0 && char.IsHighSurrogate(reason[length - 1]))
        {
            length--;
        }
        return reason[..length] + "…";
    }

    private static bool IsInternal(string moduleName) => moduleName.StartsWith('_');

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
