using Microsoft.Extensions.Logging;

namespace PluginRuntime.Sdk.Testing;

/// <summary>One line the driver logged (or one failure the harness's invoker caught, logged as the runtime would).</summary>
public sealed record CapturedLog(LogLevel Level, string Message, Exception? Exception);
