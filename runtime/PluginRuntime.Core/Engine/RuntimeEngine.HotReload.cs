using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using PluginRuntime.Core.Config;
using PluginRuntime.Core.Modules;
using PluginRuntime.Core.Plugins;

namespace PluginRuntime.Core.Engine;

internal sealed partial class RuntimeEngine
{
    /// <summary>
    /// Hot reload: loads the driver's code again and swaps each of its modules to it (stop old instance, start new
    /// one with the same spec; status stays in the store, so bindings keep their values). If the new code doesn't
    /// load, the old code keeps running and the error is kept in <see cref="DriverErrors"/>.
    /// </summary>
    public async Task<ApplyReport> ReloadDriverAsync(string driverId)
    {
        await _changeLock.WaitAsync().ConfigureAwait(false);
        var report = new ApplyReport();
        try
        {
            if (_disposed || _config?.DriversById.GetValueOrDefault(driverId) is not { } driverConfig)
            {
                return report;
            }
            LoadedDriver fresh;
            try
            {
                fresh = await LoadDriverAsync(driverConfig).ConfigureAwait(false);
            }
            catch (DriverLoadException ex)
            {
                DriverErrors[driverId] = ex.Message;
                report.DriverErrors[driverId] = ex.Message;
                LogReloadFailed(driverId, ex.Message);
                return report;
            }
            DriverErrors.TryRemove(driverId, out _);
            report.Unloads.Add(await SwapDriverAsync(driverId, fresh, report).ConfigureAwait(false));
            SyncDriverWatchers(_config); // a script's #load list may have changed
            LogReloaded(driverId, fresh.Generation, report.ToString());
        }
        finally
        {
            _changeLock.Release();
        }
        RaiseChanged(report);
        return report;
    }

    private async Task<Task<bool>> SwapDriverAsync(string driverId, LoadedDriver fresh, ApplyReport report)
    {
        LoadedDriver? old;
        lock (_drivers)
        {
            _drivers.TryGetValue(driverId, out old);
            _drivers[driverId] = fresh;
        }
        var config = _config!;
        var drivers = LoadedDrivers;
        // The new code may declare another default module name: rebuild the directory and specs from it.
        var directory = ModuleSpecBuilder.BuildDirectory(config, drivers);
        var specs = ModuleSpecBuilder.BuildSpecs(config, drivers, directory);
        _directory = directory;
        foreach (var spec in specs.Values.Where(s => s.DriverId == driverId))
        {
            await ApplyModuleAsync(spec, fresh, report).ConfigureAwait(false);
        }
        var unload = old is null ? Task.FromResult(true) : UnloadInBackground(old);
        old = null; // this method's task outlives it; it must not keep the old code alive
        return unload;
    }

    /// <summary>Unloads retired driver code and warns, naming the driver, if it is still alive after the patience period.</summary>
    private Task<bool> UnloadInBackground(LoadedDriver retired)
    {
        string name = $"{retired.DriverId} (load #{retired.Generation}, {Path.GetFileName(retired.SourcePath)})";
        var unloading = BeginUnload(retired);
        return VerifyAsync();

        async Task<bool> VerifyAsync()
        {
            bool collected = await AssemblyDriverLoader.WaitForCollectionAsync(unloading, Options.UnloadPatience).ConfigureAwait(false);
            if (collected)
            {
                LogUnloaded(name);
            }
            else
            {
                LogUnloadLeak(name, Options.UnloadPatience);
            }
            return collected;
        }
    }

    // Out of line so the retired driver isn't kept alive by a local of the async caller.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference? BeginUnload(LoadedDriver retired) => AssemblyDriverLoader.BeginUnload(retired);

    /// <summary>
    /// Keeps one file watch per driver with <c>watch: true</c>, over the files its current load came from (a script's
    /// <c>#load</c>s included, so the set can change with each reload).
    /// </summary>
    private void SyncDriverWatchers(RuntimeConfig config)
    {
        var wanted = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var loaded = LoadedDrivers;
        foreach (var driver in config.Drivers.Where(d => d.Watch))
        {
            var files = loaded.TryGetValue(driver.Id, out var current) && current.WatchedFiles.Count > 0
                ? current.WatchedFiles
                : [driver.Path];
            wanted[driver.Id] = files.Order(StringComparer.Ordinal).ToArray();
        }
        foreach (var (id, watch) in _driverWatchers.ToArray())
        {
            if (!wanted.TryGetValue(id, out var files) || !watch.Watches(files))
            {
                watch.Dispose();
                _driverWatchers.Remove(id);
            }
        }
        foreach (var (id, files) in wanted)
        {
            if (_driverWatchers.ContainsKey(id))
            {
                continue;
            }
            _driverWatchers[id] = new DriverFileWatch(files, Options.WatchDebounce, async () =>
            {
                try
                {
                    await ReloadDriverAsync(id).ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    LogApplyFailed(ex);
                }
            });
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Driver {DriverId} reloaded as load #{Generation}: {Report}")]
    private partial void LogReloaded(string driverId, int generation, string report);

    [LoggerMessage(Level = LogLevel.Error, Message = "Driver {DriverId} was rebuilt but its new code did not load; the previous code keeps running: {Error}")]
    private partial void LogReloadFailed(string driverId, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Driver code {Driver} unloaded")]
    private partial void LogUnloaded(string driver);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Driver code {Driver} was not collected within {Patience} after unloading: something still references it (a static event, a timer or thread the driver started, or cached reflection). Each reload will leak memory until that reference is removed.")]
    private partial void LogUnloadLeak(string driver, TimeSpan patience);
}
