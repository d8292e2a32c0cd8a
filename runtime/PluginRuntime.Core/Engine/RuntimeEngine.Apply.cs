using Microsoft.Extensions.Logging;
using PluginRuntime.Core.Config;
using PluginRuntime.Core.Modules;
using PluginRuntime.Core.Plugins;

namespace PluginRuntime.Core.Engine;

internal sealed partial class RuntimeEngine
{
    /// <summary>
    /// Loads and validates the config folder; when valid, applies it. When not, logs every error with its
    /// file:line:col, keeps them in <see cref="ConfigErrors"/>, and leaves the running config untouched.
    /// </summary>
    public async Task<ConfigLoadResult> LoadAndApplyAsync(string folder)
    {
        var result = ConfigLoader.Load(folder);
        if (!result.Succeeded)
        {
            ConfigErrors = result.Errors;
            foreach (var error in result.Errors)
            {
                LogConfigError(error.ToString());
            }
            LogKeepingLastGood(result.Errors.Count, _config is null ? "nothing is running yet" : "the last good config keeps running");
            return result;
        }
        ConfigErrors = [];
        await ApplyAsync(result.Config).ConfigureAwait(false);
        return result;
    }

    /// <summary>Watches the config folder and applies each edit (after a quiet period) the same way as at start.</summary>
    public void WatchConfigFolder(string folder)
    {
        _configWatcher?.Dispose();
        _configWatcher = new DebouncedFileWatcher(folder, "*.y*ml", Options.WatchDebounce, async () =>
        {
            try
            {
                await LoadAndApplyAsync(folder).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                LogApplyFailed(ex);
            }
        });
    }

    /// <summary>
    /// Moves the running modules to <paramref name="config"/>: only modules whose spec changed are touched
    /// (started, stopped, restarted for a new driver, reconnected for a new ip/port/uri, or told of new settings).
    /// </summary>
    public async Task<ApplyReport> ApplyAsync(RuntimeConfig config)
    {
        await _changeLock.WaitAsync().ConfigureAwait(false);
        var report = new ApplyReport();
        try
        {
            if (_disposed)
            {
                return report; // a watcher's edit that raced shutdown: nothing may start after the engine stopped
            }
            var retired = await SyncDriversAsync(config, report).ConfigureAwait(false);
            var drivers = LoadedDrivers;
            var directory = ModuleSpecBuilder.BuildDirectory(config, drivers);
            var specs = ModuleSpecBuilder.BuildSpecs(config, drivers, directory);

            // Stop what goes away first, so its connections are closed before replacements open theirs.
            foreach (var (id, instance) in _modules)
            {
                if (!specs.ContainsKey(id))
                {
                    _modules.TryRemove(id, out _);
                    await instance.StopAsync().ConfigureAwait(false);
                    State.RemoveModule(id);
                    report.Stopped.Add(id);
                }
            }

            // The new directory is in place before modules start, so their OnLoadAsync can reach their siblings.
            _directory = directory;
            _config = config;

            foreach (var (id, spec) in specs)
            {
                await ApplyModuleAsync(spec, drivers[spec.DriverId], report).ConfigureAwait(false);
            }
            SyncDriverWatchers(config);
            foreach (var old in retired)
            {
                report.Unloads.Add(UnloadInBackground(old));
            }
            retired.Clear(); // this method's task outlives it; it must not keep the old code alive
            LogApplied(report.ToString());
        }
        finally
        {
            _changeLock.Release();
        }
        RaiseChanged(report);
        return report;
    }

    private async Task ApplyModuleAsync(ModuleSpec spec, LoadedDriver driver, ApplyReport report)
    {
        if (!_modules.TryGetValue(spec.Id, out var running))
        {
            _modules[spec.Id] = await ModuleInstance.StartAsync(spec, driver, _services).ConfigureAwait(false);
            report.Started.Add(spec.Id);
            return;
        }
        var old = running.Spec;
        // A module that failed to start gets a fresh start from any edit of its definition (e.g. the missing setting).
        bool retryFailedStart = running.StartError is not null && (old.Connection != spec.Connection || !old.SameSettingsAs(spec));
        if (running.Driver != driver || old.DriverId != spec.DriverId || old.HomeSystemId != spec.HomeSystemId || retryFailedStart)
        {
            await running.StopAsync().ConfigureAwait(false);
            if (old.DriverId != spec.DriverId)
            {
                State.RemoveModule(spec.Id); // another driver's status means nothing to the new one
            }
            _modules[spec.Id] = await ModuleInstance.StartAsync(spec, driver, _services).ConfigureAwait(false);
            report.Restarted.Add(spec.Id);
            return;
        }
        if (old.Connection != spec.Connection)
        {
            await running.ReconnectAsync(spec).ConfigureAwait(false);
            report.Reconnected.Add(spec.Id);
        }
        if (!old.SameSettingsAs(spec))
        {
            await running.UpdateSettingsAsync(spec).ConfigureAwait(false);
            report.SettingsUpdated.Add(spec.Id);
        }
    }

    /// <summary>
    /// Loads drivers that are new or whose source changed; keeps the rest. Returns the loads no longer needed, to
    /// unload once their modules have moved on. A driver that fails to load keeps its previous code if it had one.
    /// </summary>
    private async Task<List<LoadedDriver>> SyncDriversAsync(RuntimeConfig config, ApplyReport report)
    {
        var retired = new List<LoadedDriver>();
        lock (_drivers)
        {
            foreach (var id in _drivers.Keys.Where(id => !config.DriversById.ContainsKey(id)).ToArray())
            {
                retired.Add(_drivers[id]);
                _drivers.Remove(id);
                DriverErrors.TryRemove(id, out _);
            }
        }
        foreach (var driverConfig in config.Drivers)
        {
            LoadedDriver? current;
            lock (_drivers)
            {
                _drivers.TryGetValue(driverConfig.Id, out current);
            }
            if (current is not null && SameSource(current, driverConfig))
            {
                continue;
            }
            try
            {
                var loaded = await LoadDriverAsync(driverConfig).ConfigureAwait(false);
                lock (_drivers)
                {
                    _drivers[driverConfig.Id] = loaded;
                }
                DriverErrors.TryRemove(driverConfig.Id, out _);
                if (current is not null)
                {
                    retired.Add(current);
                }
            }
            catch (DriverLoadException ex)
            {
                DriverErrors[driverConfig.Id] = ex.Message;
                report.DriverErrors[driverConfig.Id] = ex.Message;
                LogDriverLoadFailed(driverConfig.Id, ex.Message);
            }
        }
        return retired;
    }

    private async Task<LoadedDriver> LoadDriverAsync(DriverConfig driver)
    {
        if (driver.Kind == DriverSourceKind.Assembly)
        {
            return _loader.Load(driver.Id, driver.Path, driver.ClassName);
        }
        string extension = Path.GetExtension(driver.Path);
        var loader = _scriptLoaders.FirstOrDefault(l => l.Extensions.Contains(extension, StringComparer.OrdinalIgnoreCase))
            ?? throw new DriverLoadException(
                $"Driver '{driver.Id}': no script loader for '{extension}' files ('{driver.Path}') is registered in this runtime.");
        return await loader.LoadAsync(driver, _stopping.Token).ConfigureAwait(false);
    }

    private static bool SameSource(LoadedDriver loaded, DriverConfig config) =>
        loaded.SourcePath == config.Path && (config.ClassName is null || loaded.Descriptor.DriverType.FullName == config.ClassName || loaded.Descriptor.DriverType.Name == config.ClassName);

    [LoggerMessage(Level = LogLevel.Error, Message = "Config error: {Error}")]
    private partial void LogConfigError(string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Config has {Count} error(s); {Consequence}")]
    private partial void LogKeepingLastGood(int count, string consequence);

    [LoggerMessage(Level = LogLevel.Information, Message = "Config applied: {Report}")]
    private partial void LogApplied(string report);

    [LoggerMessage(Level = LogLevel.Error, Message = "Applying the config failed")]
    private partial void LogApplyFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Driver {DriverId} did not load: {Error}")]
    private partial void LogDriverLoadFailed(string driverId, string error);
}
