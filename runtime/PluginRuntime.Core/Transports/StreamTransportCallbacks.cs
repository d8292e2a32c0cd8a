namespace PluginRuntime.Core.Transports;

/// <summary>
/// What a stream transport tells its module. All three are awaited in order from the transport's one receive loop,
/// so a handler must not wait for a later frame (e.g. await a command's response): that frame is only read after
/// the handler returns. A handler that throws is logged and the transport carries on.
/// </summary>
internal sealed class StreamTransportCallbacks
{
    /// <summary>A frame, as its own copy: the receiver may keep it.</summary>
    public required Func<ReadOnlyMemory<byte>, Task> OnFrame { get; init; }

    /// <summary>The connection is open and sends will go through; called before any frame of that connection.</summary>
    public Func<Task> OnConnected { get; init; } = static () => Task.CompletedTask;

    /// <summary>The connection is gone (dropped, closed by the peer, or the transport is being disposed).</summary>
    public Func<Task> OnDisconnected { get; init; } = static () => Task.CompletedTask;
}
