namespace PluginRuntime.Host.Realtime;

/// <summary>
/// A reply to one request, as the command handlers describe it; <see cref="OutboundBuffer.Reply"/> frames it at once.
/// (Notifications and debug lines are framed from their source directly.)
/// </summary>
internal readonly record struct OutboundItem(OutboundKind Kind, RealtimeRequest? Request, object? Payload, ErrorCode Code, string? Text)
{
    public static OutboundItem Success(RealtimeRequest request) => new(OutboundKind.Success, request, null, default, null);

    public static OutboundItem ExecSuccess(RealtimeRequest request, byte[] json) => new(OutboundKind.ExecSuccess, request, json, default, null);

    public static OutboundItem DebugSuccess(RealtimeRequest request, string moduleId) => new(OutboundKind.DebugSuccess, request, null, default, moduleId);

    public static OutboundItem IgnoreSuccess(RealtimeRequest request) => new(OutboundKind.IgnoreSuccess, request, null, default, null);

    public static OutboundItem Error(RealtimeRequest? request, ErrorCode code, string message) => new(OutboundKind.Error, request, null, code, message);

    public static OutboundItem Pong() => new(OutboundKind.Pong, null, null, default, null);
}
