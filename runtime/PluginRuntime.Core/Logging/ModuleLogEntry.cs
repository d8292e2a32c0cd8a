using Microsoft.Extensions.Logging;

namespace PluginRuntime.Core.Logging;

/// <summary>One line a module logged, as delivered to live log watchers (the web console, websocket debug).</summary>
internal sealed record ModuleLogEntry(string ModuleId, string DriverName, LogLevel Level, string Message, DateTimeOffset Time);
