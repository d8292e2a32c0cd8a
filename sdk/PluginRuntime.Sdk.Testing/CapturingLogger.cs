using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace PluginRuntime.Sdk.Testing;

/// <summary>Keeps every log entry at every level for assertions.</summary>
internal sealed class CapturingLogger : ILogger
{
    public ConcurrentQueue<CapturedLog> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Enqueue(new CapturedLog(logLevel, formatter(state, exception), exception));
}
