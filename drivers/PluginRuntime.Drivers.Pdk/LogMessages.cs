using Microsoft.Extensions.Logging;

namespace PluginRuntime.Drivers.Pdk;

internal static partial class LogMessages
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped '{EventName}' from the panel: {Reason}")]
    public static partial void LogDropped(this ILogger logger, string eventName, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Ignored '{EventName}' {Id}: already applied")]
    public static partial void LogDuplicate(this ILogger logger, string eventName, string id);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connected to the PDK panel at {Url}")]
    public static partial void LogConnected(this ILogger logger, Uri url);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connection to the PDK panel failed, retrying in {Delay}: {Reason}")]
    public static partial void LogConnectFailed(this ILogger logger, TimeSpan delay, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Disconnected from the PDK panel ({Reason}), reconnecting in {Delay}")]
    public static partial void LogDisconnected(this ILogger logger, string reason, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The panel reported an error: {Message}")]
    public static partial void LogServerError(this ILogger logger, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Panel token expired; sent a renewed token")]
    public static partial void LogTokenRenewed(this ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "Renewing the panel token failed: {Reason}")]
    public static partial void LogRenewalFailed(this ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Handling '{EventName}' failed: {Reason}")]
    public static partial void LogHandlerFailed(this ILogger logger, Exception exception, string eventName, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The spec's commands could not be declared as methods: {Reason}")]
    public static partial void LogDeclareFailed(this ILogger logger, string reason);
}
