using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace PluginRuntime.Host.Tests.Support;

/// <summary>
/// Keeps the host's information, warnings and errors for assertions. Capped, so a test that makes the host log thousands of lines
/// (bad input) measures the server's memory, not this list's.
/// </summary>
internal sealed class CountingLoggerProvider : ILoggerProvider
{
    private const int Cap = 1000;
    private readonly ConcurrentQueue<(LogLevel Level, string Message)> _entries = new();
    private int _count;

    public IEnumerable<string> Messages(LogLevel atLeast) => _entries.Where(e => e.Level >= atLeast).Select(e => e.Message);

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private void Add(LogLevel level, string message)
    {
        if (Interlocked.Increment(ref _count) <= Cap)
        {
            _entries.Enqueue((level, message));
        }
    }

    private sealed class Logger(CountingLoggerProvider owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner.Add(logLevel, formatter(state, exception));
            }
        }
    }
}
