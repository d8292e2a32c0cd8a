using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace PluginRuntime.Tests.Shared;

/// <summary>
/// Keeps every log line, so tests can assert what the runtime told the operator. Both a factory (for code that takes
/// one) and a provider (for a host's logging builder).
/// </summary>
internal sealed class ListLoggerFactory : ILoggerFactory, ILoggerProvider
{
    public ConcurrentQueue<(LogLevel Level, string Category, string Message)> Entries { get; } = new();

    private readonly List<(Func<string, bool> Match, int Count, TaskCompletionSource Done)> _waiters = [];

    public IEnumerable<string> Messages(LogLevel atLeast) => Entries.Where(e => e.Level >= atLeast).Select(e => e.Message);

    /// <summary>Completes once <paramref name="count"/> logged messages match: an explicit signal instead of polling.</summary>
    public Task WhenLogged(Func<string, bool> match, int count = 1)
    {
        lock (_waiters)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (Entries.Count(e => match(e.Message)) >= count)
            {
                done.SetResult();
            }
            else
            {
                _waiters.Add((match, count, done));
            }
            return done.Task;
        }
    }

    private void Add(LogLevel level, string category, string message)
    {
        lock (_waiters)
        {
            Entries.Enqueue((level, category, message));
            foreach (var waiter in _waiters.ToArray())
            {
                if (Entries.Count(e => waiter.Match(e.Message)) >= waiter.Count)
                {
                    waiter.Done.TrySetResult();
                    _waiters.Remove(waiter);
                }
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new ListLogger(this, categoryName);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class ListLogger(ListLoggerFactory owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Add(logLevel, category, formatter(state, exception));
    }
}
