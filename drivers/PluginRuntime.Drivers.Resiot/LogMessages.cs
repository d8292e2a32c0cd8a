using Microsoft.Extensions.Logging;

namespace PluginRuntime.Drivers.Resiot;

internal static partial class LogMessages
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped a message from ResIOT: {Reason}")]
    public static partial void LogDropped(this ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The settings are not usable, the previous ones stay in force: {Reason}")]
    public static partial void LogBadSettings(this ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not decode the uplink of {DevEui}: {Reason}")]
    public static partial void LogDecodeFailed(this ILogger logger, string devEui, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A TX result answers no waiting command (reference '{Reference}', {Result}: {Details})")]
    public static partial void LogUnmatchedResult(this ILogger logger, string reference, string result, string details);

    [LoggerMessage(Level = LogLevel.Error, Message = "The protocol spec could not be used: {Reason}")]
    public static partial void LogBadSpec(this ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Protocol spec '{Title}' {Version} loaded from {Source}: {Inbound} inbound messages, {Outbound} commands")]
    public static partial void LogSpecLoaded(this ILogger logger, string title, string? version, string source, int inbound, int outbound);
}
