using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using PluginRuntime.Core.Modules;
using PluginRuntime.Sdk;
using PluginRuntime.Sdk.Hosting;
using PluginRuntime.Sdk.Metadata;
using PluginRuntime.Sdk.Scheduling;

namespace PluginRuntime.Core.Scripting.Node;

/// <summary>
/// The C# side of one module of a JavaScript/TypeScript driver: an ordinary <see cref="Driver"/> to the runtime (its
/// exec, lifecycle, status, schedules and logs work as for any driver) whose methods and hooks run in the driver's
/// Node.js process through its <see cref="NodeScriptHost"/>. Schedules the script makes run here, on the module's
/// clock, and fire into Node; status the script writes lands in the runtime's store.
/// </summary>
/// <remarks>No public instance methods: every public method of a driver class is callable from outside.</remarks>
internal sealed class NodeScriptDriver : Driver
{
    private static readonly byte[] True = "true"u8.ToArray();
    private static readonly byte[] False = "false"u8.ToArray();

    private readonly NodeScriptHost _host;
    private readonly ConcurrentDictionary<string, IScheduledTask> _schedules = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IDisposable> _subscriptions = new(StringComparer.Ordinal);
    private IDriverContext? _context;

    /// <summary>Only for <see cref="DriverDescriptor.Describe(Type)"/>'s check; modules are made by the loader's factory.</summary>
    public NodeScriptDriver() => throw new InvalidOperationException(
        "NodeScriptDriver hosts a JavaScript/TypeScript driver and is created by the Node.js script loader, not directly.");

    internal NodeScriptDriver(NodeScriptHost host, IReadOnlyList<NodeMethod> methods)
    {
        _host = host;
        DeclareMethods(methods.Select(m => MethodDescriptor.Dynamic(m.Name, m.Parameters,
            (args, ct) => _host.CallAsync(this, m.Name, args, ct), m.Security, m.Description)));
    }

    /// <summary>The Node.js process this module's JavaScript instance was created in (null until then, or after it died).</summary>
    internal NodeProcess? LoadedIn { get; set; }

    internal string Id => ModuleId;

    private IDriverContext AttachedContext => _context ??= DriverLifecycle.Context(this);

    internal JsonElement SettingsJson => AttachedContext.Settings;

    internal string? SystemId => AttachedContext.System?.SystemId;

    internal KeyValuePair<string, byte[]>[] StatusSnapshot() =>
        AttachedContext is ModuleContext module ? module.StatusSnapshot() : [];

    protected override Task OnLoadAsync(CancellationToken cancellationToken) => _host.AttachAsync(this, cancellationToken);

    protected override Task OnSettingsChangedAsync(CancellationToken cancellationToken) => _host.SettingsChangedAsync(this, cancellationToken);

    protected override Task OnUnloadAsync(CancellationToken cancellationToken) => _host.DetachAsync(this, cancellationToken);

    internal void SetConnected(bool connected) => AttachedContext.WriteStatus("connected", connected ? True : False);

    internal void WriteStatus(string key, JsonElement value)
    {
        if (value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            AttachedContext.RemoveStatus(key);
        }
        else
        {
            AttachedContext.WriteStatus(key, Encoding.UTF8.GetBytes(value.GetRawText()));
        }
    }

    internal void Log(LogLevel level, string message) => Logger.Log(level, default, message, null, static (text, _) => text);

    /// <summary>A schedule the script made: it runs here on the module's clock and fires into Node.</summary>
    internal void AddSchedule(string id, JsonElement spec)
    {
        Func<Task> fire = () => _host.FireAsync(this, id);
        try
        {
            IScheduledTask task = spec.GetProperty("kind").GetString() switch
            {
                "every" => Schedule.Every(TimeSpan.FromMilliseconds(spec.GetProperty("ms").GetDouble()), fire,
                    spec.TryGetProperty("runNow", out var now) && now.ValueKind == JsonValueKind.True),
                "in" => Schedule.In(TimeSpan.FromMilliseconds(spec.GetProperty("ms").GetDouble()), fire),
                "at" => Schedule.At(spec.GetProperty("at").GetDateTimeOffset(), fire),
                "cron" => Schedule.Cron(spec.GetProperty("cron").GetString()!, fire,
                    spec.TryGetProperty("timeZone", out var zone) && zone.ValueKind == JsonValueKind.String
                        ? TimeZoneInfo.FindSystemTimeZoneById(zone.GetString()!)
                        : null),
                var other => throw new FormatException($"unknown schedule kind '{other}'"),
            };
            _schedules[id] = task;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or TimeZoneNotFoundException or KeyNotFoundException or InvalidOperationException)
        {
            Log(LogLevel.Error, $"A schedule of the script could not be made, so it will never run: {ex.Message}");
        }
    }

    internal void RemoveSchedule(string id)
    {
        if (_schedules.TryRemove(id, out var task))
        {
            task.Dispose();
        }
    }

    /// <summary>Follows a status key of another module for the script; each value is delivered into Node.</summary>
    internal void Subscribe(string id, ModuleAddress address, string key)
    {
        if (AttachedContext.System is not { } system)
        {
            Log(LogLevel.Error, $"Can't subscribe to {address}.{key}: module '{ModuleId}' is not in any system.");
            return;
        }
        _subscriptions[id] = system.Subscribe(address, key, value => _host.NotifyAsync(this, id, value));
    }

    internal void Unsubscribe(string id)
    {
        if (_subscriptions.TryRemove(id, out var subscription))
        {
            subscription.Dispose();
        }
    }

    /// <summary>Calls another module for the script (through the runtime's exec, like <c>System[...]</c> in C#).</summary>
    internal async Task<JsonElement> CallSiblingAsync(ModuleAddress address, string method, JsonElement args)
    {
        var system = AttachedContext.System ?? throw new InvalidOperationException(
            $"Module '{ModuleId}' is not in any system, so it has no sibling modules to call.");
        return await system.CallAsync(address, method, args, Stopping).ConfigureAwait(false);
    }

    internal bool TryGetSiblingStatus(ModuleAddress address, string key, out JsonElement value)
    {
        value = default;
        return AttachedContext.System is { } system && system.TryGetStatus(address, key, out value);
    }

    /// <summary>Drops what the script's JavaScript instance had made here: its process is gone or it unloaded.</summary>
    internal void ReleaseScriptResources()
    {
        foreach (var id in _schedules.Keys)
        {
            RemoveSchedule(id);
        }
        foreach (var id in _subscriptions.Keys)
        {
            Unsubscribe(id);
        }
    }

    internal static JsonNode? ToNode(JsonElement value) =>
        value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null ? null : JsonNode.Parse(value.GetRawText());
}
