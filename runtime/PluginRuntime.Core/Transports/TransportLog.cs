using Microsoft.Extensions.Logging;

namespace PluginRuntime.Core.Transports;

/// <summary>Source-generated log messages of the stream transports (they run for every module with a device).</summary>
internal static partial class TransportLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Connected to {Endpoint}.")]
    public static partial void Connected(ILogger logger, string endpoint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not connect to {Endpoint}: {Reason}. Trying again in {Delay}.")]
    public static partial void ConnectFailed(ILogger logger, string endpoint, string reason, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Information, Message = "Disconnected from {Endpoint}: {Reason}.")]
    public static partial void Disconnected(ILogger logger, string endpoint, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Reconnecting to {Endpoint} in {Delay}.")]
    public static partial void Reconnecting(ILogger logger, string endpoint, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Error, Message = "The {Handler} handler for {Endpoint} threw; the transport carries on.")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string handler, string endpoint);

    [LoggerMessage(Level = LogLevel.Error, Message = "Data from {Endpoint} could not be framed; dropping the connection to start from a clean stream.")]
    public static partial void FramingFailed(ILogger logger, Exception exception, string endpoint);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Closing the connection to {Endpoint} failed; it is dropped anyway.")]
    public static partial void CloseFailed(ILogger logger, Exception exception, string endpoint);
}
