using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace PluginRuntime.Host.Tests.Support;

/// <summary>One category's logger for <see cref="RestTestLog"/>.</summary>
internal sealed class RestTestLogger(string category, ConcurrentQueue<(LogLevel Level, string Category, string Message)> entries) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        entries.Enqueue((logLevel, category, formatter(state, exception)));
}
