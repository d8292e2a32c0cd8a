using Microsoft.Extensions.Logging;
using PluginRuntime.Core.Logging;
using PluginRuntime.Core.State;
using PluginRuntime.Sdk.Hosting;

namespace PluginRuntime.Core.Modules;

/// <summary>What every running module shares from the engine.</summary>
internal sealed record ModuleServices(
    StateStore State,
    DriverInvoker Invoker,
    ILoggerFactory LoggerFactory,
    ModuleLogTap LogTap,
    TimeProvider Time,
    RuntimeOptions Options,
    IStreamTransportFactory Transports,
    Func<string, string?, CancellationToken, ISystemAccess?> SystemAccessFor);
