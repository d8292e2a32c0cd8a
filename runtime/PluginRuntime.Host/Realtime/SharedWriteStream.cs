namespace PluginRuntime.Host.Realtime;

/// <summary>
/// The upgraded connection's stream, shared by two writers: the framework's <see cref="System.Net.WebSockets.WebSocket"/>
/// (which reads, and writes its own control frames: pongs, keep-alive pings, close) and the connection's send loop
/// (which writes batches of whole data frames it framed itself, see <see cref="ServerFrame"/>). Each write is one or
/// more whole frames, and writes never overlap, so frames from the two never interleave on the wire. (The framework
/// builds each frame in one buffer and writes it with one <see cref="WriteAsync(ReadOnlyMemory{byte}, CancellationToken)"/>.)
/// </summary>
internal sealed class SharedWriteStream(Stream inner) : Stream
{
    private const byte FinalClose = 0x88; // FIN + opcode 8: the first byte of a close frame

    private readonly SemaphoreSlim _writing = new(1, 1);
    private volatile bool _closeSent;

    public override bool CanRead => inner.CanRead;
    public override bool CanSeek => false;
    public override bool CanWrite => inner.CanWrite;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        inner.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        inner.ReadAsync(buffer, offset, count, cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

    /// <summary>
    /// The framework's writes: each one whole frame. A close frame is noted, so no data follows it (RFC 6455 §5.5.1).
    /// </summary>
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!buffer.IsEmpty && buffer.Span[0] == FinalClose)
        {
            _closeSent = true; // set before the write, so a batch waiting for the lock sees it
        }
        return WriteWhenFreeAsync(buffer, cancellationToken);
    }

    /// <summary>
    /// The send loop's writes: a batch of whole data frames, written and flushed, or dropped if a close frame already
    /// went out (the framework closes by itself when the client breaks the protocol).
    /// </summary>
    public async ValueTask WriteFramesAsync(ReadOnlyMemory<byte> frames, CancellationToken cancellationToken)
    {
        await _writing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_closeSent)
            {
                return;
            }
            await inner.WriteAsync(frames, cancellationToken).ConfigureAwait(false);
            await inner.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writing.Release();
        }
    }

    // Completes synchronously (and allocates nothing) when the lock is free and the transport takes the bytes at once.
    private async ValueTask WriteWhenFreeAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
    {
        await _writing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writing.Release();
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count)
    {
        if (count > 0 && buffer[offset] == FinalClose)
        {
            _closeSent = true;
        }
        _writing.Wait();
        try
        {
            inner.Write(buffer, offset, count);
        }
        finally
        {
            _writing.Release();
        }
    }

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _writing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await inner.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writing.Release();
        }
    }

    public override void Flush()
    {
        _writing.Wait();
        try
        {
            inner.Flush();
        }
        finally
        {
            _writing.Release();
        }
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }
        base.Dispose(disposing);
    }

    public override ValueTask DisposeAsync() => inner.DisposeAsync();
}
