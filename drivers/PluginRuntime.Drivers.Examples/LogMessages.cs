using Microsoft.Extensions.Logging;

namespace PluginRuntime.Drivers.Examples;

internal static partial class LogMessages
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignoring a line the protocol doesn't define: {Line}")]
    public static partial void LogUnexpectedLine(this ILogger logger, string line);
}
