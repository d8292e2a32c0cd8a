using Microsoft.Extensions.Logging.Abstractions;
using PluginRuntime.Core.Exec;
using PluginRuntime.Core.Logging;
using PluginRuntime.Core.Modules;
using PluginRuntime.Core.Plugins;
using PluginRuntime.Core.State;
using PluginRuntime.Core.Systems;
using PluginRuntime.Sdk.Metadata;

namespace PluginRuntime.Benchmarks;

/// <summary>One running BenchDriver module in a one-module system, wired with the engine's real parts.</summary>
internal sealed class BenchEngine : IModuleRegistry
{
    public const string SystemId = "sys-bench";
    public const string ModuleId = "mod-bench";

    private readonly ModuleInstance _module;

    private BenchEngine(ModuleInstance module, StateStore state, ExecService exec)
    {
        _module = module;
        State = state;
        Exec = exec;
    }

    public StateStore State { get; }

    public ExecService Exec { get; }

    public SystemDirectory Directory { get; } = new([(SystemId, "Bench", [], [(ModuleId, "Bench")])]);

    public event Action? Changed { add { } remove { } }

    public bool TryGetModule(string moduleId, out ModuleInstance module)
    {
        module = _module;
        return moduleId == ModuleId;
    }

    public static BenchEngine Start()
    {
        var logs = NullLoggerFactory.Instance;
        var state = new StateStore(NullLogger<StateStore>.Instance);
        var options = new RuntimeOptions();
        var services = new ModuleServices(state, new DriverInvoker(NullLogger<DriverInvoker>.Instance, TimeProvider.System), logs,
            new ModuleLogTap(), TimeProvider.System, options, new NoStreams(), (_, _, _) => null);
        var loaded = new LoadedDriver("bench", "in-process", DriverDescriptor.Describe(typeof(BenchDriver)), context: null, generation: 1);
        var spec = new ModuleSpec(ModuleId, "bench", ModuleConnection.None, [], SystemId);
        var module = ModuleInstance.StartAsync(spec, loaded, services).GetAwaiter().GetResult();
        BenchEngine? engine = null;
        var exec = new ExecService(new Lazy(() => engine!), NullLogger<ExecService>.Instance);
        engine = new BenchEngine(module, state, exec);
        return engine;
    }

    private sealed class NoStreams : IStreamTransportFactory
    {
        public IManagedStreamTransport? Create(ModuleConnection connection, Sdk.Transports.IFrameDecoder? framing, StreamEvents events,
            Microsoft.Extensions.Logging.ILogger logger) => null;
    }

    private sealed class Lazy(Func<IModuleRegistry> get) : IModuleRegistry
    {
        public SystemDirectory Directory => get().Directory;

        public event Action? Changed { add { } remove { } }

        public bool TryGetModule(string moduleId, out ModuleInstance module) => get().TryGetModule(moduleId, out module);
    }
}
