using Microsoft.Extensions.Logging;

namespace PluginRuntime.Core.Logging;

/// <summary>
/// The logger a driver gets: every entry carries the module id as a scope, goes to the host's logging, and also
/// to the module's live watchers (at every level while watched).
/// </summary>
internal sealed class ModuleLogger(ILogger inner, string moduleId, string driverName, ModuleLogTap tap, TimeProvider time) : ILogger
{
    private readonly KeyValuePair<string, object>[] _scope = [new("ModuleId", moduleId), new("Driver", driverName)];

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && (inner.IsEnabled(logLevel) || tap.IsWatched(moduleId));

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (inner.IsEnabled(logLevel))
        {
            using (inner.BeginScope(_scope))
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
            }
        }
        if (tap.IsWatched(moduleId))
        {
            string message = formatter(state, exception);
            if (exception is not null)
            {
                message += $" ({exception.GetType().Name}: {exception.Message})";
            }
            tap.Publish(new ModuleLogEntry(moduleId, driverName, logLevel, message, time.GetUtcNow()));
        }
    }
}
