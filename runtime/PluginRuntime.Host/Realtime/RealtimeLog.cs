namespace PluginRuntime.Host.Realtime;

/// <summary>The real-time face's log lines (source-generated: some are on paths a hostile client can drive hard).</summary>
internal static partial class RealtimeLog
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Realtime connection {ConnectionId} from {Remote} opened for {Caller}")]
    public static partial void Opened(this ILogger logger, long connectionId, string remote, string caller);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Realtime connection {ConnectionId} from {Remote} closed ({Reason})")]
    public static partial void Closed(this ILogger logger, long connectionId, string remote, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Realtime connection from {Remote} refused: {Failure}")]
    public static partial void Refused(this ILogger logger, string remote, string failure);

    [LoggerMessage(Level = LogLevel.Information, Message = "Realtime connection {ConnectionId} from {Remote} ({Caller}) closed: {Reason}")]
    public static partial void Revoked(this ILogger logger, long connectionId, string remote, string caller, string reason);

    // Information: a client can send these as fast as it likes; the command is shown capped and escaped.
    [LoggerMessage(Level = LogLevel.Information, Message = "Realtime client {Remote} ({Caller}): unknown command '{Command}'")]
    public static partial void UnknownCommand(this ILogger logger, string remote, string caller, string command);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Realtime access denied: {Caller} from {Remote} to {Target}")]
    public static partial void AccessDenied(this ILogger logger, string caller, string remote, string target);

    [LoggerMessage(Level = LogLevel.Error, Message = "Realtime connection {ConnectionId}: '{Command}' failed unexpectedly")]
    public static partial void Unexpected(this ILogger logger, long connectionId, string command, Exception exception);
}
