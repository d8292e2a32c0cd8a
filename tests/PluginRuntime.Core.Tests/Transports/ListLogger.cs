using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace PluginRuntime.Core.Tests.Transports;

/// <summary>Keeps every log entry so tests can check what was reported, or wait for an entry to appear.</summary>
internal sealed class ListLogger : ILogger
{
    private readonly Channel<(LogLevel Level, string Message, Exception? Exception)> _written = Channel.CreateUnbounded<(LogLevel, string, Exception?)>();

    public ConcurrentQueue<(LogLevel Level, string Message, Exception? Exception)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var entry = (logLevel, formatter(state, exception), exception);
        Entries.Enqueue(entry);
        _written.Writer.TryWrite(entry);
    }

    /// <summary>Waits for the <paramref name="count"/>th entry (counted from the start) that matches.</summary>
    public async Task WaitForAsync(Func<(LogLevel Level, string Message, Exception? Exception), bool> match, int count, string what)
    {
        var seen = 0;
        while (seen < count)
        {
            var entry = await _written.Reader.ReadAsync().AsTask().WithTimeout(what);
            if (match(entry))
            {
                seen++;
            }
        }
    }
}
