using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using PluginRuntime.Core.Config;
using PluginRuntime.Core.Exec;
using PluginRuntime.Core.Logging;
using PluginRuntime.Core.Modules;
using PluginRuntime.Core.Plugins;
using PluginRuntime.Core.State;
using PluginRuntime.Core.Systems;

namespace PluginRuntime.Core.Engine;

/// <summary>
/// The engine: runs the modules a config describes, keeps them in step with config edits and rebuilt driver code,
/// and owns the state store, the exec service and the system directory that every face uses.
/// Config applies and hot reloads are serialised; reads (exec, status) never wait for them.
/// </summary>
internal sealed partial class RuntimeEngine : IModuleRegistry, IAsyncDisposable
{
    private readonly SemaphoreSlim _changeLock = new(1, 1);
    private readonly ConcurrentDictionary<string, ModuleInstance> _modules = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LoadedDriver> _drivers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DriverFileWatch> _driverWatchers = new(StringComparer.Ordinal);
    private readonly AssemblyDriverLoader _loader = new();
    private readonly IReadOnlyList<IScriptDriverLoader> _scriptLoaders;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ModuleServices _services;
    private readonly ILogger _log;
    private volatile SystemDirectory _directory = SystemDirectory.Empty;
    private volatile RuntimeConfig? _config;
    private DebouncedFileWatcher? _configWatcher;
    private bool _disposed;

    public RuntimeEngine(RuntimeOptions options, ILoggerFactory loggerFactory, TimeProvider time, IStreamTransportFactory transports)
    {
        Options = options;
        LoggerFactory = loggerFactory;
        _log = loggerFactory.CreateLogger("PluginRuntime.Engine");
        State = new StateStore(loggerFactory.CreateLogger<StateStore>());
        LogTap = new ModuleLogTap();
        Exec = new ExecService(this, loggerFactory.CreateLogger<ExecService>());
        var invoker = new DriverInvoker(loggerFactory.CreateLogger<DriverInvoker>(), time);
        _scriptLoaders = ScriptLoaders.CreateDefault(options, loggerFactory);
        _services = new ModuleServices(State, invoker, loggerFactory, LogTap, time, options, transports,
            (moduleId, systemId, stopping) => systemId is null
                ? null
                : new SystemAccess(moduleId, systemId, this, Exec, State, invoker, options, stopping));
    }

    public RuntimeOptions Options { get; }

    public ILoggerFactory LoggerFactory { get; }

    public StateStore State { get; }

    public ModuleLogTap LogTap { get; }

    public ExecService Exec { get; }

    /// <summary>The config that is running (the last one that validated).</summary>
    public RuntimeConfig? Config => _config;

    /// <summary>The errors of the last config load that failed validation, while the previous config keeps running.</summary>
    public IReadOnlyList<ConfigError> ConfigErrors { get; private set; } = [];

    /// <summary>Driver id → why its current code can't load (the previous code, if any, keeps running).</summary>
    public ConcurrentDictionary<string, string> DriverErrors { get; } = new(StringComparer.Ordinal);

    public SystemDirectory Directory => _directory;

    public event Action? Changed;

    /// <summary>Raised after every config apply or hot reload with what it did.</summary>
    public event Action<ApplyReport>? Applied;

    public bool TryGetModule(string moduleId, out ModuleInstance module) => _modules.TryGetValue(moduleId, out module!);

    public IReadOnlyCollection<ModuleInstance> Modules => (IReadOnlyCollection<ModuleInstance>)_modules.Values;

    public IReadOnlyDictionary<string, LoadedDriver> LoadedDrivers
    {
        get
        {
            lock (_drivers)
            {
                return new Dictionary<string, LoadedDriver>(_drivers);
            }
        }
    }

    // Each face's handler runs on its own: one that throws must not keep the others from hearing of the change, nor
    // turn a successful apply into a failure for whoever triggered it.
    private void RaiseChanged(ApplyReport report)
    {
        foreach (var handler in Changed?.GetInvocationList() ?? [])
        {
            Isolated(() => ((Action)handler)());
        }
        foreach (var handler in Applied?.GetInvocationList() ?? [])
        {
            Isolated(() => ((Action<ApplyReport>)handler)(report));
        }
    }

    private void Isolated(Action handler)
    {
        try
        {
            handler();
        }
        catch (Exception ex)
        {
            LogHandlerFailed(ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _changeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            _configWatcher?.Dispose();
            _stopping.Cancel();
            foreach (var watch in _driverWatchers.Values)
            {
                watch.Dispose();
            }
            _driverWatchers.Clear();
            await Task.WhenAll(_modules.Values.Select(m => m.StopAsync())).ConfigureAwait(false);
            _modules.Clear();
            lock (_drivers)
            {
                foreach (var driver in _drivers.Values)
                {
                    AssemblyDriverLoader.BeginUnload(driver);
                }
                _drivers.Clear();
            }
            foreach (var loader in _scriptLoaders.OfType<IDisposable>())
            {
                loader.Dispose(); // e.g. a warm spare process kept for hot reloads
            }
        }
        finally
        {
            _changeLock.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A change handler failed")]
    private partial void LogHandlerFailed(Exception exception);
}
