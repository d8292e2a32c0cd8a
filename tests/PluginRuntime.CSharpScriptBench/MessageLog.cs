using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace PluginRuntime.CSharpScriptBench;

/// <summary>Keeps log messages, so a measurement can check it measured what it meant to (a cache hit, not a compile).</summary>
internal sealed class MessageLog : ILoggerFactory, ILogger
{
    public ConcurrentQueue<string> Messages { get; } = new();

    public bool Compiled => Messages.Any(m => m.StartsWith("Compiling C# script driver", StringComparison.Ordinal));

    public ILogger CreateLogger(string categoryName) => this;

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel))
        {
            Messages.Enqueue(formatter(state, exception));
        }
    }
}
