using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using PluginRuntime.Core.State;
using PluginRuntime.Sdk.Hosting;
using PluginRuntime.Sdk.Transports;

namespace PluginRuntime.Core.Modules;

/// <summary>The runtime's side of one driver instance: status into the state store, settings, logger, invoker, transports.</summary>
internal sealed class ModuleContext : IDriverContext
{
    private readonly ModuleStatus _status;
    private JsonElement _settings;

    public ModuleContext(string moduleId, ModuleStatus status, ILogger logger, TimeProvider time, CancellationToken stopping,
        GuardedInvoker invoke, ISystemAccess? system)
    {
        ModuleId = moduleId;
        _status = status;
        Logger = logger;
        Time = time;
        Stopping = stopping;
        Invoke = invoke;
        System = system;
    }

    public string ModuleId { get; }

    public ILogger Logger { get; }

    public TimeProvider Time { get; }

    public CancellationToken Stopping { get; }

    public JsonElement Settings => _settings;

    public GuardedInvoker Invoke { get; }

    public IStreamTransport? Stream { get; set; }

    public HttpClient? Http { get; set; }

    public ISystemAccess? System { get; }

    public void SetSettings(JsonObject settings) => _settings = JsonSerializer.SerializeToElement(settings);

    /// <summary>Every status value of the module, for a script host that mirrors status in its own process.</summary>
    public KeyValuePair<string, byte[]>[] StatusSnapshot() => _status.Snapshot();

    public bool TryGetStatus(string key, out ReadOnlyMemory<byte> utf8Json)
    {
        bool found = _status.TryGet(key, out var json);
        utf8Json = json;
        return found;
    }

    // A stopped instance's late writes (a call that outlived its module, a reload's old code) must not touch the
    // status its successor now owns, nor bring back a removed module's keys.
    public bool WriteStatus(string key, ReadOnlySpan<byte> utf8Json) => !Stopping.IsCancellationRequested && _status.Write(key, utf8Json);

    public bool RemoveStatus(string key) => !Stopping.IsCancellationRequested && _status.Remove(key);
}
