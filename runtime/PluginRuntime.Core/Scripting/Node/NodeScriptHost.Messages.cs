using System.Text.Json;
using Microsoft.Extensions.Logging;
using PluginRuntime.Sdk.Hosting;

namespace PluginRuntime.Core.Scripting.Node;

internal sealed partial class NodeScriptHost
{
    /// <summary>
    /// What the script asks of the runtime: status writes, log lines, schedules, and sibling calls, reads and
    /// subscriptions. Runs on the process's receive loop, so anything that waits is started, not awaited.
    /// A malformed message is logged with the reason and dropped; the module keeps working.
    /// </summary>
    private void Handle(NodeProcess process, string type, JsonElement message)
    {
        if (process != Volatile.Read(ref _process))
        {
            return; // a late message from a process this load has already replaced
        }
        string? moduleId = message.TryGetProperty("m", out var m) ? m.GetString() : null;
        if (moduleId is null || !_modules.TryGetValue(moduleId, out var module))
        {
            return; // from a module that has stopped since
        }
        try
        {
            switch (type)
            {
                case "status":
                    module.WriteStatus(message.GetProperty("key").GetString()!, message.GetProperty("value"));
                    break;
                case "log":
                    module.Log(ToLevel(message.GetProperty("level").GetString()), message.GetProperty("msg").GetString() ?? "");
                    break;
                case "schedule":
                    module.AddSchedule(message.GetProperty("sid").GetString()!, message);
                    break;
                case "unschedule":
                    module.RemoveSchedule(message.GetProperty("sid").GetString()!);
                    break;
                case "sys.subscribe":
                    module.Subscribe(message.GetProperty("sid").GetString()!, AddressOf(message), message.GetProperty("key").GetString()!);
                    break;
                case "sys.unsubscribe":
                    module.Unsubscribe(message.GetProperty("sid").GetString()!);
                    break;
                case "sys.status":
                    ReplyWithSiblingStatus(process, module, message);
                    break;
                case "sys.call":
                    _ = CallSiblingAsync(process, module, message.GetProperty("id").GetString()!, AddressOf(message),
                        message.GetProperty("method").GetString()!, message.GetProperty("args").Clone());
                    break;
                default:
                    module.Log(LogLevel.Warning, $"Dropped a message of unknown type '{type}' from the Node.js host.");
                    break;
            }
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            module.Log(LogLevel.Warning, $"Dropped a malformed '{type}' message from the Node.js host: {ex.Message}");
        }
    }

    private static ModuleAddress AddressOf(JsonElement message) =>
        new(message.GetProperty("name").GetString()!, message.GetProperty("index").GetInt32());

    private static void ReplyWithSiblingStatus(NodeProcess process, NodeScriptDriver module, JsonElement message)
    {
        string id = message.GetProperty("id").GetString()!;
        bool found = module.TryGetSiblingStatus(AddressOf(message), message.GetProperty("key").GetString()!, out var value);
        process.Send("reply", null, w =>
        {
            w.WriteString("id", id);
            w.WriteBoolean("ok", true);
            w.WriteStartObject("value");
            w.WriteBoolean("found", found);
            if (found)
            {
                w.WritePropertyName("value");
                value.WriteTo(w);
            }
            w.WriteEndObject();
        });
    }

    private static async Task CallSiblingAsync(NodeProcess process, NodeScriptDriver module, string id, ModuleAddress address, string method, JsonElement args)
    {
        try
        {
            var result = await module.CallSiblingAsync(address, method, args).ConfigureAwait(false);
            process.Send("reply", null, w =>
            {
                w.WriteString("id", id);
                w.WriteBoolean("ok", true);
                w.WritePropertyName("value");
                if (result.ValueKind == JsonValueKind.Undefined) w.WriteNullValue(); else result.WriteTo(w);
            });
        }
        catch (Exception ex)
        {
            process.Send("reply", null, w =>
            {
                w.WriteString("id", id);
                w.WriteBoolean("ok", false);
                w.WriteString("error", ex.Message);
            });
        }
    }

    private static LogLevel ToLevel(string? level) => level switch
    {
        "trace" => LogLevel.Trace,
        "debug" => LogLevel.Debug,
        "info" => LogLevel.Information,
        "warn" => LogLevel.Warning,
        "error" => LogLevel.Error,
        _ => LogLevel.Information,
    };

    // Node's stderr (uncaught errors, native warnings, console output outside any module) goes to every module of
    // the driver, so whoever watches one of them sees it; with no module attached, to the runtime's log.
    private void LogStderr(string line)
    {
        bool any = false;
        foreach (var module in _modules.Values)
        {
            any = true;
            module.Log(LogLevel.Warning, $"[node] {line}");
        }
        if (!any)
        {
            LogStderrLine(_driverId, ScriptName, line);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Driver {DriverId} ({Script}): [node] {Line}")]
    private partial void LogStderrLine(string driverId, string script, string line);

    [LoggerMessage(Level = LogLevel.Error, Message = "Driver {DriverId} ({Script}): its Node.js process is down ({Reason}); restart attempt {Attempt} in {Delay}")]
    private partial void LogProcessLost(string driverId, string script, string reason, int attempt, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Driver {DriverId} ({Script}): Node.js process {ProcessId} did not answer a heartbeat within {Timeout}; killing it as hung")]
    private partial void LogHung(string driverId, string script, int processId, TimeSpan timeout);

    [LoggerMessage(Level = LogLevel.Information, Message = "Driver {DriverId} ({Script}): Node.js restarted as process {ProcessId} (previous exit code {ExitCode}); its modules load again")]
    private partial void LogRestarted(string driverId, string script, int processId, string exitCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Driver {DriverId} ({Script}): the script's methods changed since it was loaded; modules keep the methods of the first load until the driver reloads (watch: true, or a config edit)")]
    private partial void LogMethodsChanged(string driverId, string script);
}
