using Microsoft.Extensions.Logging;
using PluginRuntime.Core.Config;
using PluginRuntime.Core.Modules;
using PluginRuntime.Core.Plugins;
using PluginRuntime.Sdk;
using PluginRuntime.Sdk.Metadata;

namespace PluginRuntime.Core.Scripting.Node;

/// <summary>
/// Loads <c>.js</c> and <c>.ts</c> drivers: one Node.js process per driver load runs the script and all of the
/// driver's modules. Per load rather than per module because a hot reload then swaps whole processes (old code and
/// new never share one), retiring a load is killing one process, and ten modules of a driver cost one Node.js
/// (~40 MB) instead of ten; the price is that a crash in one module's code restarts its siblings of the same driver
/// too (never other drivers).
/// </summary>
internal sealed partial class NodeDriverLoader(RuntimeOptions options, ILoggerFactory loggerFactory) : IScriptDriverLoader, IDisposable
{
    private readonly ILogger _log = loggerFactory.CreateLogger("PluginRuntime.Scripting.Node");
    private readonly Lock _spareLock = new();
    private NodeProcess? _spare;
    private bool _spareHasTypeScript;
    private bool _disposed;
    private int _generation;

    private NodeScriptOptions Node => options.NodeScripts;

    public IReadOnlyCollection<string> Extensions { get; } = [".js", ".ts"];

    public async Task<LoadedDriver> LoadAsync(DriverConfig driver, CancellationToken cancellationToken)
    {
        string node = NodeToolchain.Check(Node, driver.Id, driver.Path);
        if (!File.Exists(driver.Path))
        {
            throw new DriverLoadException($"Driver '{driver.Id}': script '{driver.Path}' does not exist.");
        }
        bool typeScript = NodeToolchain.IsTypeScript(driver.Path);
        var process = TakeSpare(typeScript) ?? StartProcess(node, typeScript);
        NodeDriverDescription description;
        try
        {
            description = await NodeScriptHost.LoadScriptAsync(process, driver.Path, Node, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NodeScriptException or NodeProcessDownException or TimeoutException or DriverDefinitionException)
        {
            process.Kill("its script did not load");
            throw new DriverLoadException($"Driver '{driver.Id}': {Reason(ex)}", ex);
        }
        catch
        {
            process.Kill("its load was abandoned");
            throw;
        }
        if (driver.Watch && Node.WarmSpare)
        {
            PrepareSpare(node, typeScript);
        }

        var host = new NodeScriptHost(driver.Id, driver.Path, node, Node, options.LifecycleTimeout, _log, process, description);
        var descriptor = DriverDescriptor.Describe(typeof(NodeScriptDriver), description.Identity);
        int generation = Interlocked.Increment(ref _generation);
        LogLoaded(driver.Id, Path.GetFileName(driver.Path), process.ProcessId, description.Methods.Count);
        return new LoadedDriver(driver.Id, driver.Path, descriptor, context: null, generation,
            () => new NodeScriptDriver(host, description.Methods))
        {
            WatchedFiles = description.Files,
            OnRetired = host.Retire,
        };
    }

    private static string Reason(Exception ex) => ex switch
    {
        NodeScriptException script => script.Message,
        TimeoutException => "its Node.js process did not load the script in time (is it stuck in top-level code?).",
        _ => ex.Message,
    };

    private NodeProcess StartProcess(string node, bool preloadTypeScript)
    {
        try
        {
            var process = NodeProcess.Start(node, Node.HostFolder, preloadTypeScript);
            process.OnStderr = line => LogLoaderStderr(line);
            return process;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new DriverLoadException($"Node.js ('{node}') could not be started: {ex.Message}", ex);
        }
    }

    /// <summary>The idle process started ahead, if it is alive and ready for this kind of script.</summary>
    private NodeProcess? TakeSpare(bool typeScript)
    {
        lock (_spareLock)
        {
            var spare = _spare;
            _spare = null;
            if (spare is null || spare.Exited.IsCompleted || (typeScript && !_spareHasTypeScript))
            {
                spare?.Kill("a spare that was not needed");
                return null;
            }
            return spare;
        }
    }

    // A hot reload of a watched driver then takes a process that has already started (and loaded TypeScript).
    private void PrepareSpare(string node, bool typeScript)
    {
        lock (_spareLock)
        {
            if (_disposed || (_spare is { Exited.IsCompleted: false } && (_spareHasTypeScript || !typeScript)))
            {
                return;
            }
            _spare?.Kill("replaced by a spare with TypeScript");
            _spareHasTypeScript = typeScript || _spareHasTypeScript;
            try
            {
                _spare = StartProcess(node, _spareHasTypeScript);
            }
            catch (DriverLoadException)
            {
                _spare = null;
            }
        }
    }

    public void Dispose()
    {
        lock (_spareLock)
        {
            _disposed = true;
            _spare?.Kill("the runtime stopped");
            _spare = null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Driver {DriverId} ({Script}) loaded in Node.js process {ProcessId} with {Methods} method(s)")]
    private partial void LogLoaded(string driverId, string script, int processId, int methods);

    [LoggerMessage(Level = LogLevel.Warning, Message = "[node] {Line}")]
    private partial void LogLoaderStderr(string line);
}
