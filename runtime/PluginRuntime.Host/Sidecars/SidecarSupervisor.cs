using PluginRuntime.Core.Config;
using PluginRuntime.Core.Engine;

namespace PluginRuntime.Host.Sidecars;

/// <summary>
/// Keeps the running sidecars in step with the config: starts new entries, restarts changed ones, stops removed
/// ones on every apply, and stops them all when the host stops. A config edit that fails validation changes nothing.
/// </summary>
internal sealed class SidecarSupervisor(RuntimeEngine engine, SidecarOptions options, ILoggerFactory loggers, TimeProvider time)
    : IHostedService, IAsyncDisposable
{
    private readonly Dictionary<string, SidecarProcess> _running = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _sync = new(1, 1);
    private readonly ILogger _log = loggers.CreateLogger("PluginRuntime.Sidecars");
    private bool _stopped;

    /// <summary>The sidecars running now, by id.</summary>
    public IReadOnlyDictionary<string, SidecarProcess> Running
    {
        get
        {
            lock (_running)
            {
                return new Dictionary<string, SidecarProcess>(_running);
            }
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        engine.Changed += OnChanged;
        await SyncAsync().ConfigureAwait(false);
    }

    private void OnChanged() => _ = SyncAsync();

    private async Task SyncAsync()
    {
        await _sync.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_stopped)
            {
                return;
            }
            var wanted = (engine.Config?.Sidecars ?? []).ToDictionary(s => s.Id, StringComparer.Ordinal);
            foreach (var (id, process) in Running)
            {
                if (!wanted.TryGetValue(id, out var config) || !config.SameAs(process.Config))
                {
                    lock (_running)
                    {
                        _running.Remove(id);
                    }
                    await process.DisposeAsync().ConfigureAwait(false);
                }
            }
            foreach (var (id, config) in wanted)
            {
                lock (_running)
                {
                    if (!_running.ContainsKey(id))
                    {
                        _running[id] = new SidecarProcess(config, options, _log, time);
                    }
                }
            }
        }
        catch (Exception ex)
        {
            _log.LogError(ex, "Updating the sidecars failed");
        }
        finally
        {
            _sync.Release();
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        engine.Changed -= OnChanged;
        await _sync.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            _stopped = true;
            var all = Running.Values.ToArray();
            lock (_running)
            {
                _running.Clear();
            }
            await Task.WhenAll(all.Select(p => p.DisposeAsync().AsTask())).ConfigureAwait(false);
        }
        finally
        {
            _sync.Release();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None).ConfigureAwait(false);
}
