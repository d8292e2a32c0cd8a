using PluginRuntime.Core.Config;
using PluginRuntime.Core.Engine;

namespace PluginRuntime.Host.Auth;

/// <summary>
/// Warns, naming the api key, while the running config accepts the demo key published in
/// <c>config/demo/runtime.yaml</c>: anyone who has read the repository can use it. Checked at startup and after
/// every config apply, and said once per key until the key is replaced.
/// </summary>
internal sealed partial class DemoKeyWarning(RuntimeEngine engine, ILogger<DemoKeyWarning> logger) : IHostedService
{
    /// <summary>The key in <c>config/demo/runtime.yaml</c> (a test keeps the two equal).</summary>
    public const string DemoKey = "demo-key-change-me-0123456789";

    private readonly Lock _lock = new();
    private HashSet<string> _warned = new(StringComparer.Ordinal);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Subscribe before the first check so a config applied in between is not missed; Check is idempotent.
        engine.Applied += OnApplied;
        Check(engine.Config);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        engine.Applied -= OnApplied;
        return Task.CompletedTask;
    }

    private void OnApplied(ApplyReport report) => Check(engine.Config);

    private void Check(RuntimeConfig? config)
    {
        if (config is null)
        {
            return;
        }
        var demoKeys = config.ApiKeys.Where(k => k.Key == DemoKey).ToArray();
        lock (_lock)
        {
            foreach (var key in demoKeys.Where(k => !_warned.Contains(k.Name)))
            {
                LogDemoKey(key.Name, key.Location.ToString());
            }
            _warned = demoKeys.Select(k => k.Name).ToHashSet(StringComparer.Ordinal);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "API key '{Name}' ({Location}) is the published demo key: anyone can use it. " +
        "Replace it with a random key (e.g. `openssl rand -hex 32`) before the runtime is reachable from other machines")]
    private partial void LogDemoKey(string name, string location);
}
