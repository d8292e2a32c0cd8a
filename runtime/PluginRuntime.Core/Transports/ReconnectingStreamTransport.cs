using System.Buffers;
using Microsoft.Extensions.Logging;
using PluginRuntime.Sdk.Transports;

namespace PluginRuntime.Core.Transports;

/// <summary>
/// What TCP and WebSocket transports share: a background loop that connects, delivers frames, and reconnects with
/// backoff until disposed; serialised sends; and one orderly disposal. Subclasses only know how to open a connection.
/// </summary>
internal abstract class ReconnectingStreamTransport : IStreamTransport, IAsyncDisposable, Modules.IManagedStreamTransport
{
    /// <summary>More than this many bytes without a complete frame means the framing can't be right.</summary>
    private const int MaxUnframedBytes = 16 * 1024 * 1024;
    private const int MinReadSize = 4096;

    private readonly IFrameDecoder? _decoder;
    private readonly StreamTransportCallbacks _callbacks;
    private readonly ReconnectPolicy _policy;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _disposing = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly ReceiveBuffer _buffer = new();
    private readonly Lock _gate = new();
    private ITransportConnection? _connection;
    private CancellationTokenSource? _dropConnection;
    private Task? _run;
    private Task? _disposal;
    private volatile bool _stopRequested;

    protected ReconnectingStreamTransport(
        string endpoint,
        IFrameDecoder? decoder,
        StreamTransportCallbacks callbacks,
        ReconnectPolicy policy,
        TimeProvider time,
        ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(callbacks);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        policy.Validate();
        Endpoint = endpoint;
        _decoder = decoder;
        _callbacks = callbacks;
        _policy = policy;
        _time = time;
        _logger = logger;
    }

    /// <summary>Where this transport connects, safe to log (no credentials or query).</summary>
    public string Endpoint { get; }

    public bool IsConnected => Volatile.Read(ref _connection) is not null;

    /// <summary>The clock the transport waits on.</summary>
    protected TimeProvider Time => _time;

    /// <summary>Opens one connection; throws when it can't.</summary>
    protected abstract Task<ITransportConnection> ConnectAsync(CancellationToken cancellationToken);

    /// <summary>Starts connecting in the background. Calling it again does nothing.</summary>
    /// <exception cref="ObjectDisposedException">The transport was disposed.</exception>
    public void Start()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposal is not null, this);
            _run ??= Task.Run(RunAsync, CancellationToken.None);
        }
    }

    public async ValueTask SendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        var connection = Volatile.Read(ref _connection) ?? throw NotConnected();
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // It may have gone while this send waited for the one before it.
            if (!ReferenceEquals(connection, Volatile.Read(ref _connection)))
            {
                throw NotConnected();
            }
            await connection.SendAsync(data, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not TransportNotConnectedException)
        {
            // A failed write leaves the stream in an unknown state: drop it and let the loop reconnect.
            Drop(connection);
            throw new TransportNotConnectedException($"The connection to {Endpoint} was lost while sending: {ex.Message}");
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Drops the current connection; the loop reconnects after the policy's initial delay. Does nothing while down.</summary>
    public void Disconnect() => Drop(Volatile.Read(ref _connection));

    /// <summary>
    /// Stops reconnecting, closes the connection (politely where the protocol has a close handshake) and waits for the
    /// loop to end. Safe to call more than once or concurrently; every call waits for the same disposal.
    /// </summary>
    public ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_disposal is null)
            {
                _stopRequested = true;
                // Run outside the lock: disposal awaits the loop, which takes the lock.
                _disposal = Task.Run(DisposeCoreAsync, CancellationToken.None);
            }
            return new ValueTask(_disposal);
        }
    }

    private async Task DisposeCoreAsync()
    {
        Task? run;
        lock (_gate)
        {
            run = _run;
        }

        var connection = Volatile.Read(ref _connection);
        if (connection is not null && run is not null)
        {
            using var timeout = new CancellationTokenSource(_policy.CloseTimeout, _time);
            try
            {
                bool waitForPeer;
                await _sendLock.WaitAsync(timeout.Token).ConfigureAwait(false);
                try
                {
                    waitForPeer = await connection.CloseAsync(timeout.Token).ConfigureAwait(false);
                }
                finally
                {
                    _sendLock.Release();
                }
                if (waitForPeer)
                {
                    // The peer's answer ends the receive loop; with no reconnect requested, the loop then ends too.
                    await run.WaitAsync(timeout.Token).ConfigureAwait(false);
                }
            }
            catch (Exception ex)
            {
                TransportLog.CloseFailed(_logger, ex, Endpoint);
            }
        }

        await _disposing.CancelAsync().ConfigureAwait(false);
        if (run is not null)
        {
            await run.ConfigureAwait(false);
        }
        _disposing.Dispose();
    }

    private TransportNotConnectedException NotConnected() => new(
        $"Not connected to {Endpoint}. The transport reconnects by itself; send again once the module reports it is connected.");

    private void Drop(ITransportConnection? connection)
    {
        CancellationTokenSource? drop;
        lock (_gate)
        {
            if (connection is null || !ReferenceEquals(connection, _connection))
            {
                return;
            }
            drop = _dropConnection;
        }
        try
        {
            drop?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The connection ended on its own meanwhile.
        }
    }

    private async Task RunAsync()
    {
        var stopping = _disposing.Token;
        var failures = 0;
        while (!_stopRequested)
        {
            ITransportConnection connection;
            try
            {
                connection = await ConnectOnceAsync(stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                var delay = _policy.GetDelay(failures++, Random.Shared.NextDouble());
                TransportLog.ConnectFailed(_logger, Endpoint, ex.Message, delay);
                if (!await WaitAsync(delay, stopping).ConfigureAwait(false))
                {
                    return;
                }
                continue;
            }

            await RunConnectionAsync(connection, stopping).ConfigureAwait(false);
            if (_stopRequested)
            {
                return;
            }
            // A connection that was up and then lost starts the backoff over.
            var wait = _policy.GetDelay(0, Random.Shared.NextDouble());
            failures = 1;
            TransportLog.Reconnecting(_logger, Endpoint, wait);
            if (!await WaitAsync(wait, stopping).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    private async Task<ITransportConnection> ConnectOnceAsync(CancellationToken stopping)
    {
        using var timeout = new CancellationTokenSource(_policy.ConnectTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, timeout.Token);
        try
        {
            return await ConnectAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !stopping.IsCancellationRequested)
        {
            throw new TimeoutException($"no connection within {_policy.ConnectTimeout}");
        }
    }

    private async Task<bool> WaitAsync(TimeSpan delay, CancellationToken stopping)
    {
        try
        {
            await Task.Delay(delay, _time, stopping).ConfigureAwait(false);
            return !_stopRequested;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task RunConnectionAsync(ITransportConnection connection, CancellationToken stopping)
    {
        using var drop = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        _buffer.Clear();
        (_decoder as IResettableFrameDecoder)?.Reset();
        lock (_gate)
        {
            _dropConnection = drop;
            Volatile.Write(ref _connection, connection);
        }
        TransportLog.Connected(_logger, Endpoint);
        await InvokeAsync(nameof(_callbacks.OnConnected), _callbacks.OnConnected).ConfigureAwait(false);

        string reason;
        try
        {
            reason = await ReceiveAsync(connection, drop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (drop.IsCancellationRequested)
        {
            reason = stopping.IsCancellationRequested ? "the transport is shutting down" : "the connection was dropped on request";
        }
        catch (Exception ex)
        {
            reason = ex.Message;
        }

        lock (_gate)
        {
            Volatile.Write(ref _connection, null);
            _dropConnection = null;
        }
        // Not waiting for a send in progress: it may be stuck on a dead peer. Disposing fails it, and SendAsync turns
        // that into TransportNotConnectedException.
        try
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            TransportLog.CloseFailed(_logger, ex, Endpoint);
        }
        TransportLog.Disconnected(_logger, Endpoint, reason);
        await InvokeAsync(nameof(_callbacks.OnDisconnected), _callbacks.OnDisconnected).ConfigureAwait(false);
    }

    /// <summary>Reads and delivers until the connection ends; returns why it ended.</summary>
    private async Task<string> ReceiveAsync(ITransportConnection connection, CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await connection.ReceiveAsync(_buffer.GetMemory(MinReadSize), cancellationToken).ConfigureAwait(false);
            if (read.Closed)
            {
                return "closed by the other end";
            }
            _buffer.Advance(read.Count);

            if (_decoder is null)
            {
                // Unframed: each read (TCP) or each whole message (WebSocket) is one frame.
                if (read.EndOfMessage)
                {
                    var frame = _buffer.Data.ToArray();
                    _buffer.Clear();
                    await DeliverAsync(frame).ConfigureAwait(false);
                }
            }
            else if (!await DecodeAsync(_decoder).ConfigureAwait(false))
            {
                return "its data could not be framed";
            }

            if (_buffer.Length > MaxUnframedBytes)
            {
                TransportLog.FramingFailed(_logger, new InvalidDataException(
                    $"{_buffer.Length} bytes arrived without completing a frame (limit {MaxUnframedBytes})."), Endpoint);
                return "too much data without a complete frame";
            }
        }
    }

    /// <summary>Delivers every complete frame in the buffer; false when the decoder failed.</summary>
    private async Task<bool> DecodeAsync(IFrameDecoder decoder)
    {
        while (true)
        {
            var data = _buffer.Data;
            var before = data.Length;
            byte[] frame;
            try
            {
                if (!decoder.TryReadFrame(ref data, out var found))
                {
                    _buffer.Consume(before - data.Length);
                    return true;
                }
                // Copied before handing it out: the buffer is reused, the driver may keep its frame.
                frame = found.ToArray();
            }
            catch (Exception ex)
            {
                TransportLog.FramingFailed(_logger, ex, Endpoint);
                return false;
            }
            _buffer.Consume(before - data.Length);
            await DeliverAsync(frame).ConfigureAwait(false);
        }
    }

    private Task DeliverAsync(byte[] frame) => InvokeAsync(nameof(_callbacks.OnFrame), () => _callbacks.OnFrame(frame));

    private async Task InvokeAsync(string handler, Func<Task> callback)
    {
        try
        {
            await callback().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            TransportLog.HandlerFailed(_logger, ex, handler, Endpoint);
        }
    }
}
