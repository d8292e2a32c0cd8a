using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using PluginRuntime.Sdk.Hosting;

namespace PluginRuntime.Core.Scripting.Node;

/// <summary>
/// One load of a JavaScript/TypeScript driver: the Node.js process that runs it and the modules attached to it.
/// Supervises the process: a crash, or a missed heartbeat (hung), kills it, marks its modules <c>connected: false</c>
/// and restarts it after an exponential backoff; the restarted process loads the script again and recreates every
/// module (status comes from the runtime's store, onLoad runs again). Retiring the load kills the process for good.
/// </summary>
internal sealed partial class NodeScriptHost
{
    private readonly string _driverId;
    private readonly string _scriptPath;
    private readonly string _node;
    private readonly NodeScriptOptions _options;
    private readonly TimeSpan _lifecycleTimeout;
    private readonly ILogger _log;
    private readonly SemaphoreSlim _gate = new(1, 1); // module attach/detach and process replacement, one at a time
    private readonly ConcurrentDictionary<string, NodeScriptDriver> _modules = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _retired = new();
    private readonly Lock _stateLock = new();
    private NodeProcess? _process;
    private string _downReason = "it is starting";
    private DateTimeOffset _upSince;
    private int _attempt;

    public NodeScriptHost(string driverId, string scriptPath, string node, NodeScriptOptions options, TimeSpan lifecycleTimeout,
        ILogger log, NodeProcess process, NodeDriverDescription description)
    {
        _driverId = driverId;
        _scriptPath = scriptPath;
        _node = node;
        _options = options;
        _lifecycleTimeout = lifecycleTimeout;
        _log = log;
        Description = description;
        Adopt(process);
    }

    /// <summary>What the script exported when this load started (a restart after an edit keeps these methods).</summary>
    public NodeDriverDescription Description { get; }

    /// <summary>The running process's id, or null while it is down.</summary>
    public int? ProcessId => Volatile.Read(ref _process)?.ProcessId;

    private string ScriptName => Path.GetFileName(_scriptPath);

    /// <summary>Starts host.js's load of a script in <paramref name="process"/> and reads the description.</summary>
    /// <exception cref="NodeScriptException">The script did not load; the message has file:line:col.</exception>
    public static async Task<NodeDriverDescription> LoadScriptAsync(NodeProcess process, string scriptPath, NodeScriptOptions options, CancellationToken cancellationToken)
    {
        var time = options.SupervisionTime;
        await process.Ready.WaitAsync(options.StartTimeout, time, cancellationToken).ConfigureAwait(false);
        var description = await process.RequestAsync("load", null, w => w.WriteString("script", scriptPath), cancellationToken)
            .WaitAsync(options.StartTimeout, time, cancellationToken).ConfigureAwait(false);
        return NodeDriverDescription.Read(description);
    }

    /// <summary>A module starts: create its JavaScript instance (and run onLoad) if the process is up, else when it is back.</summary>
    public async Task AttachAsync(NodeScriptDriver module, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _modules[module.Id] = module;
            if (Volatile.Read(ref _process) is not { } process)
            {
                module.SetConnected(false);
                return;
            }
            await CreateAsync(process, module, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A module stops: run its onUnload in Node and forget it.</summary>
    public async Task DetachAsync(NodeScriptDriver module, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _modules.TryRemove(module.Id, out _);
            module.ReleaseScriptResources();
            var process = module.LoadedIn;
            module.LoadedIn = null;
            if (process is null || process != Volatile.Read(ref _process))
            {
                return;
            }
            await process.RequestAsync("unload", module.Id, null, cancellationToken)
                .WaitAsync(_lifecycleTimeout, _options.SupervisionTime, cancellationToken).ConfigureAwait(false);
        }
        catch (NodeProcessDownException)
        {
            // Gone with its process: there is nothing left to unload.
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Hands a module's new merged settings to its JavaScript instance and runs onSettingsChanged.</summary>
    public async Task SettingsChangedAsync(NodeScriptDriver module, CancellationToken cancellationToken)
    {
        // While down, the restart creates the module with the settings of that moment.
        if (module.LoadedIn is { } process && process == Volatile.Read(ref _process))
        {
            var settings = module.SettingsJson;
            await process.RequestAsync("settings", module.Id, w =>
            {
                w.WritePropertyName("settings");
                settings.WriteTo(w);
            }, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Runs an exported method in Node with the bound (named) arguments; a thrown JS error fails the call with its message.</summary>
    public async ValueTask<JsonNode?> CallAsync(NodeScriptDriver module, string method, JsonObject args, CancellationToken cancellationToken)
    {
        var process = RunningProcessOf(module, $"'{method}'");
        var value = await process.RequestAsync("call", module.Id, w =>
        {
            w.WriteString("method", method);
            w.WritePropertyName("args");
            args.WriteTo(w);
        }, cancellationToken).ConfigureAwait(false);
        return NodeScriptDriver.ToNode(value);
    }

    /// <summary>Runs one firing of a schedule the script made.</summary>
    public Task FireAsync(NodeScriptDriver module, string scheduleId) =>
        RunningProcessOf(module, "a schedule").RequestAsync("fire", module.Id, w => w.WriteString("sid", scheduleId), CancellationToken.None);

    /// <summary>Delivers a status change of another module to a subscription the script made.</summary>
    public Task NotifyAsync(NodeScriptDriver module, string subscriptionId, JsonElement? value) =>
        RunningProcessOf(module, "a subscription").RequestAsync("notify", module.Id, w =>
        {
            w.WriteString("sid", subscriptionId);
            w.WritePropertyName("value");
            if (value is { } json) json.WriteTo(w); else w.WriteNullValue();
        }, CancellationToken.None);

    /// <summary>Kills the process for good: the driver was reloaded, removed, or the runtime stops.</summary>
    public void Retire()
    {
        _retired.Cancel();
        NodeProcess? process;
        lock (_stateLock)
        {
            process = _process;
            _process = null;
            _downReason = "the driver's code was reloaded or removed";
        }
        process?.Kill("the driver's code was reloaded or removed");
        _modules.Clear();
    }

    /// <param name="what">What can't run, for the error: <c>'method'</c>, or "a schedule".</param>
    private NodeProcess RunningProcessOf(NodeScriptDriver module, string what)
    {
        var process = Volatile.Read(ref _process);
        if (process is not null && module.LoadedIn == process)
        {
            return process;
        }
        throw new InvalidOperationException(
            $"Module '{module.Id}' can't run {what}: the Node.js process of driver '{_driverId}' ({ScriptName}) " +
            $"is down ({_downReason}). The runtime restarts it; the module's 'connected' status turns true when it is back.");
    }

    private async Task CreateAsync(NodeProcess process, NodeScriptDriver module, CancellationToken cancellationToken)
    {
        var settings = module.SettingsJson;
        var status = module.StatusSnapshot();
        string? systemId = module.SystemId;
        module.LoadedIn = process;
        try
        {
            await process.RequestAsync("create", module.Id, w =>
            {
                w.WritePropertyName("settings");
                settings.WriteTo(w);
                w.WriteStartObject("status");
                foreach (var (key, json) in status)
                {
                    w.WritePropertyName(key);
                    w.WriteRawValue(json, skipInputValidation: true);
                }
                w.WriteEndObject();
                if (systemId is not null)
                {
                    w.WriteString("system", systemId);
                }
            }, cancellationToken).WaitAsync(_lifecycleTimeout, _options.SupervisionTime, cancellationToken).ConfigureAwait(false);
        }
        catch (NodeProcessDownException)
        {
            // Died while creating: the restart creates the module again.
            return;
        }
        finally
        {
            if (process == Volatile.Read(ref _process))
            {
                module.SetConnected(true);
            }
        }
    }

    private void Adopt(NodeProcess process)
    {
        process.OnStderr = LogStderr;
        process.OnMessage = (type, message) => Handle(process, type, message);
        lock (_stateLock)
        {
            _process = process;
            _upSince = _options.SupervisionTime.GetUtcNow();
        }
        _ = SuperviseAsync(process);
    }

    private async Task SuperviseAsync(NodeProcess process)
    {
        var heartbeat = HeartbeatAsync(process);
        int code = await process.Exited.ConfigureAwait(false);
        await heartbeat.ConfigureAwait(false);
        OnExited(process, code);
    }

    private async Task HeartbeatAsync(NodeProcess process)
    {
        var time = _options.SupervisionTime;
        try
        {
            while (!process.Exited.IsCompleted)
            {
                await Task.WhenAny(Task.Delay(_options.HeartbeatInterval, time, _retired.Token), process.Exited).ConfigureAwait(false);
                if (process.Exited.IsCompleted || _retired.IsCancellationRequested)
                {
                    return;
                }
                var ping = process.RequestAsync("ping", null, null, CancellationToken.None);
                try
                {
                    await ping.WaitAsync(_options.HeartbeatTimeout, time).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    LogHung(_driverId, ScriptName, process.ProcessId, _options.HeartbeatTimeout);
                    process.Kill($"it did not answer a heartbeat within {_options.HeartbeatTimeout.TotalSeconds:0.###} s (hung) and was killed");
                    return;
                }
            }
        }
        catch (NodeProcessDownException)
        {
        }
    }

    private void OnExited(NodeProcess process, int code)
    {
        lock (_stateLock)
        {
            if (_retired.IsCancellationRequested || _process != process)
            {
                return;
            }
            _process = null;
            if (_options.SupervisionTime.GetUtcNow() - _upSince >= _options.Backoff.ResetAfter)
            {
                _attempt = 0; // it had been up a good while: this is a new crash, not a crash loop
            }
        }
        foreach (var module in _modules.Values)
        {
            module.LoadedIn = null;
            module.ReleaseScriptResources();
            module.SetConnected(false);
        }
        ScheduleRestart(process.ExitReason, code);
    }

    private void ScheduleRestart(string reason, int? exitCode)
    {
        TimeSpan delay;
        int attempt;
        lock (_stateLock)
        {
            if (_retired.IsCancellationRequested)
            {
                return;
            }
            attempt = ++_attempt;
            delay = _options.Backoff.Delay(attempt);
            _downReason = $"{reason}; restart attempt {attempt} in {delay.TotalSeconds:0.###} s";
        }
        LogProcessLost(_driverId, ScriptName, reason, attempt, delay);
        foreach (var module in _modules.Values)
        {
            module.Log(LogLevel.Error, $"The Node.js process of this driver is down ({reason}); restart attempt {attempt} in {delay.TotalSeconds:0.###} s.");
        }
        _ = RestartAfterAsync(delay, exitCode);
    }

    private async Task RestartAfterAsync(TimeSpan delay, int? exitCode)
    {
        NodeProcess? process = null;
        try
        {
            await Task.Delay(delay, _options.SupervisionTime, _retired.Token).ConfigureAwait(false);
            process = NodeProcess.Start(_node, _options.HostFolder, NodeToolchain.IsTypeScript(_scriptPath));
            process.OnStderr = LogStderr;
            var description = await LoadScriptAsync(process, _scriptPath, _options, _retired.Token).ConfigureAwait(false);
            if (!description.SameMethodsAs(Description))
            {
                LogMethodsChanged(_driverId, ScriptName);
            }
        }
        catch (OperationCanceledException) when (_retired.IsCancellationRequested)
        {
            process?.Kill("the driver's code was reloaded or removed");
            return;
        }
        catch (Exception ex)
        {
            process?.Kill($"its restart failed: {ex.Message}");
            ScheduleRestart($"its restart failed: {ex.Message}", null);
            return;
        }

        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_retired.IsCancellationRequested)
            {
                process.Kill("the driver's code was reloaded or removed");
                return;
            }
            Adopt(process);
            LogRestarted(_driverId, ScriptName, process.ProcessId, exitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none");
            foreach (var module in _modules.Values)
            {
                try
                {
                    await CreateAsync(process, module, _retired.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is NodeScriptException or TimeoutException)
                {
                    module.Log(LogLevel.Error, $"onLoad after the Node.js restart failed: {ex.Message}");
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            _gate.Release();
        }
    }
}
