using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace PluginRuntime.Host.Tests.Support;

/// <summary>Keeps every log line the host writes, so tests can assert on warnings.</summary>
internal sealed class RestTestLog : ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, string Category, string Message)> _entries = new();

    public IReadOnlyList<(LogLevel Level, string Category, string Message)> Entries => [.. _entries];

    public IEnumerable<string> Warnings => Entries.Where(e => e.Level == LogLevel.Warning).Select(e => e.Message);

    public ILogger CreateLogger(string categoryName) => new RestTestLogger(categoryName, _entries);

    public void Dispose()
    {
    }
}
