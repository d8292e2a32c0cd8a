using PluginRuntime.Core.Logging;

namespace PluginRuntime.Host.Realtime;

/// <summary>
/// One entry of a connection's outbound queue. Frames are written by the send loop (into one reused buffer) rather
/// than by whoever queues them, so queueing is cheap and safe from any thread, including under a status lock.
/// </summary>
internal readonly record struct OutboundItem(OutboundKind Kind, RealtimeRequest? Request, object? Payload, ErrorCode Code, string? Text)
{
    /// <summary>Replies answer a request: they hold one of the connection's reply slots and are never dropped.</summary>
    public bool IsReply => Kind is OutboundKind.Success or OutboundKind.ExecSuccess or OutboundKind.DebugSuccess
        or OutboundKind.IgnoreSuccess or OutboundKind.Error or OutboundKind.Pong;

    public static OutboundItem Success(RealtimeRequest request) => new(OutboundKind.Success, request, null, default, null);

    public static OutboundItem ExecSuccess(RealtimeRequest request, byte[] json) => new(OutboundKind.ExecSuccess, request, json, default, null);

    public static OutboundItem DebugSuccess(RealtimeRequest request, string moduleId) => new(OutboundKind.DebugSuccess, request, null, default, moduleId);

    public static OutboundItem IgnoreSuccess(RealtimeRequest request) => new(OutboundKind.IgnoreSuccess, request, null, default, null);

    public static OutboundItem Error(RealtimeRequest? request, ErrorCode code, string message) => new(OutboundKind.Error, request, null, code, message);

    public static OutboundItem Pong() => new(OutboundKind.Pong, null, null, default, null);

    public static OutboundItem Notify(RealtimeBinding binding) => new(OutboundKind.Notify, null, binding, default, null);

    public static OutboundItem Debug(ModuleLogEntry entry, string klass) => new(OutboundKind.Debug, null, entry, default, klass);

    /// <summary>Closes with <paramref name="status"/> (boxed in the payload) after what is already queued.</summary>
    public static OutboundItem Close(string reason, System.Net.WebSockets.WebSocketCloseStatus status) =>
        new(OutboundKind.Close, null, status, default, reason);
}
