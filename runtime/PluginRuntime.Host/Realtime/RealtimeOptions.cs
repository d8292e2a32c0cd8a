namespace PluginRuntime.Host.Realtime;

/// <summary>Limits of the real-time websocket. They bound what one client can make the server hold.</summary>
internal sealed class RealtimeOptions
{
    /// <summary>A larger message is discarded (read to its end, not kept) and answered with a bad request.</summary>
    public int MaxMessageBytes { get; init; } = 64 * 1024;

    /// <summary>Longer ids are refused: an id is echoed in every reply and notification, so it must stay small.</summary>
    public int MaxIdBytes { get; init; } = 256;

    /// <summary>
    /// Replies a connection may owe at once (queued, or execs still running). When reached, the server stops reading
    /// that client's messages until it reads its replies: TCP pushes back instead of the server buffering.
    /// </summary>
    public int ReplyBound { get; init; } = 128;

    /// <summary>Debug lines queued for one client; past this they are dropped and counted (never replies or values).</summary>
    public int DebugLineBound { get; init; } = 512;

    /// <summary>How often the server sends a keep-alive frame; the framework answers the client's pings itself.</summary>
    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long closing may take (flushing replies, the close handshake) before the socket is aborted.</summary>
    public TimeSpan CloseTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Test seam: called with each well-formed request before it runs. An exception thrown here is treated like any
    /// framework failure (code 7, unexpected failure), which is otherwise unreachable from outside.
    /// </summary>
    internal Action<RealtimeRequest>? BeforeCommand { get; init; }
}
