namespace PluginRuntime.Host.Realtime;

/// <summary>Limits of the real-time websocket. They bound what one client can make the server hold.</summary>
internal sealed class RealtimeOptions
{
    /// <summary>A larger message is discarded (read to its end, not kept) and answered with a bad request.</summary>
    public int MaxMessageBytes { get; init; } = 64 * 1024;

    /// <summary>Longer ids are refused: an id is echoed in every reply and notification, so it must stay small.</summary>
    public int MaxIdBytes { get; init; } = 256;

    /// <summary>
    /// Longer sys, mod or name values are refused (code 1): each binding keeps them, so they must stay small. Real
    /// system ids, module names and status keys are far shorter.
    /// </summary>
    public int MaxFieldBytes { get; init; } = 256;

    /// <summary>
    /// Bindings one connection may hold at once; a bind past this is refused (code 1) until the client unbinds some.
    /// Each binding holds memory and is re-resolved on every config apply, so the number must be bounded.
    /// </summary>
    public int MaxBindings { get; init; } = 1000;

    /// <summary>
    /// Replies a connection may owe at once (queued, or execs still running). When reached, the server stops reading
    /// that client's messages until it reads its replies: TCP pushes back instead of the server buffering.
    /// </summary>
    public int ReplyBound { get; init; } = 128;

    /// <summary>
    /// Bytes of framed messages a connection may hold for the next socket write before new values stop being framed
    /// and each binding keeps only its newest one until there is room. Larger batches mean fewer writes when a status
    /// changes fast; this is also roughly what a client that stops reading can leave waiting (besides what the
    /// socket buffers hold), so it must stay small.
    /// </summary>
    public int NotifyBufferBytes { get; init; } = 32 * 1024;

    /// <summary>Debug lines waiting for one client; past this they are dropped and counted (never replies or values).</summary>
    public int DebugLineBound { get; init; } = 512;

    /// <summary>How often the server sends a keep-alive frame; the framework answers the client's pings itself.</summary>
    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long the server waits for the answer to its keep-alive ping before it drops the connection. A peer that
    /// doesn't answer a ping in this time is dead or unreachable (a slow reader still answers: pongs are handled by
    /// its websocket stack, not its application), and would otherwise be held forever.
    /// </summary>
    public TimeSpan KeepAliveTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Open connections one caller (API key or user) may have at once; past this an upgrade gets 429.</summary>
    public int MaxConnectionsPerCaller { get; init; } = 64;

    /// <summary>
    /// Origins (e.g. <c>https://panel.example.com</c>) whose pages may connect with a cookie credential besides this
    /// host's own. A header or query credential is accepted from any origin: a foreign page can't send those unless
    /// it already knows the secret.
    /// </summary>
    public IReadOnlyList<string> AllowedOrigins { get; init; } = [];

    /// <summary>How long closing may take (flushing replies, the close handshake) before the socket is aborted.</summary>
    public TimeSpan CloseTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Test seam: called with each well-formed request before it runs. An exception thrown here is treated like any
    /// framework failure (code 7, unexpected failure), which is otherwise unreachable from outside.
    /// </summary>
    internal Action<RealtimeRequest>? BeforeCommand { get; init; }
}
