using Microsoft.Extensions.Logging;

namespace PluginRuntime.Drivers.Examples;

internal static partial class LogMessages
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignoring a line the protocol doesn't define: {Line}")]
    public static partial void LogUnexpectedLine(this ILogger logger, string line);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Power query failed: {Reason}")]
    public static partial void LogQueryFailed(this ILogger logger, string reason);
}
