using System.Net.WebSockets;
using System.Text.Json;
using PluginRuntime.Core.Exec;
using PluginRuntime.Sdk;

namespace PluginRuntime.Host.Realtime;

internal sealed partial class RealtimeConnection
{
    private static readonly JsonElement NoArgs = JsonDocument.Parse("[]").RootElement.Clone();

    /// <summary>
    /// Answers one message. Every path queues exactly one reply (the receive loop took a reply slot for it), except
    /// exec, whose reply is queued when the method completes. Nothing a client sends ends the connection.
    /// </summary>
    private void HandleMessage(WebSocketMessageType type, ReadOnlySpan<byte> message, bool oversized)
    {
        if (oversized)
        {
            Reply(OutboundItem.Error(null, ErrorCode.BadRequest,
                $"The message is larger than {_options.MaxMessageBytes} bytes and was discarded."));
            return;
        }
        if (type == WebSocketMessageType.Binary)
        {
            Reply(OutboundItem.Error(null, ErrorCode.BadRequest, "binary frames are not supported: send each request as a JSON text frame."));
            return;
        }
        if (message.SequenceEqual("ping"u8))
        {
            Reply(OutboundItem.Pong());
            return;
        }
        RealtimeRequest request;
        try
        {
            if (!RequestParser.TryParse(message, _options.MaxIdBytes, _options.MaxFieldBytes, out request, out var code, out var error))
            {
                Reply(OutboundItem.Error(request, code, error!));
                return;
            }
        }
        catch (Exception ex)
        {
            // The parser reports bad input itself; anything escaping it is a fault here, not the client's.
            _log.Unexpected(Id, "(parse)", ex);
            Reply(OutboundItem.Error(null, ErrorCode.UnexpectedFailure, $"Unexpected failure reading the message ({ex.GetType().Name}); the connection stays open."));
            return;
        }
        if (_revoked is { } revoked)
        {
            // The close is queued; until the client reads it, nothing more runs on the old credential.
            Reply(OutboundItem.Error(request, ErrorCode.AccessDenied, $"{revoked}; the connection is closing."));
            return;
        }
        try
        {
            _options.BeforeCommand?.Invoke(request);
            Dispatch(request);
        }
        catch (Exception ex)
        {
            _log.Unexpected(Id, request.Command ?? "(none)", ex);
            Reply(OutboundItem.Error(request, ErrorCode.UnexpectedFailure, $"Unexpected failure: {ex.Message}"));
        }
    }

    private void Dispatch(RealtimeRequest request)
    {
        switch (request.Command)
        {
            case "bind":
                Bind(request);
                break;
            case "unbind":
                Unbind(request);
                break;
            case "exec":
                Exec(request);
                break;
            case "debug":
                Debug(request);
                break;
            case "ignore":
                Ignore(request);
                break;
            case null:
                Reply(OutboundItem.Error(request, ErrorCode.BadRequest, "cmd is missing: use one of bind, unbind, exec, debug, ignore."));
                break;
            default:
                string shown = request.Command.Length > 64 ? request.Command[..64] + "…" : request.Command;
                _log.UnknownCommand(_remote, _caller.Name, SafeText.Printable(request.Command));
                Reply(OutboundItem.Error(request, ErrorCode.UnknownCommand,
                    $"Unknown command '{shown}': use one of bind, unbind, exec, debug, ignore."));
                break;
        }
    }

    private void Bind(RealtimeRequest request)
    {
        if (!HasFields(request, needName: true) || !MayReach(request))
        {
            return;
        }
        var key = new BindingKey(request.System!, request.Module!, request.Index, request.Name!);
        bool full;
        lock (_lock)
        {
            // Only this receive loop adds bindings, so the count can't grow between this check and the add below.
            full = _bindings.Count >= _options.MaxBindings && !_bindings.ContainsKey(key);
        }
        if (full)
        {
            Reply(OutboundItem.Error(request, ErrorCode.BadRequest,
                $"This connection already has {_options.MaxBindings} bindings, the most allowed (RealtimeOptions.MaxBindings); unbind some first."));
            return;
        }
        var prefix = FrameWriter.NotifyPrefix(request);
        // success is queued before the binding exists, so it always goes out before the first value.
        Reply(OutboundItem.Success(request));
        RealtimeBinding? existing;
        RealtimeBinding? created = null;
        lock (_lock)
        {
            if (!_bindings.TryGetValue(key, out existing))
            {
                created = new RealtimeBinding(key, prefix, _outbound, _engine);
                _bindings[key] = created;
            }
        }
        // Registered before resolving, so a config change racing this bind re-resolves it too.
        existing?.Rebind(prefix);
        created?.Refresh();
    }

    /// <summary>Unbinding what isn't bound succeeds too: unbind is idempotent, so a client can always clean up blindly.</summary>
    private void Unbind(RealtimeRequest request)
    {
        if (!HasFields(request, needName: true))
        {
            return;
        }
        RealtimeBinding? binding;
        lock (_lock)
        {
            _bindings.Remove(new BindingKey(request.System!, request.Module!, request.Index, request.Name!), out binding);
        }
        binding?.Dispose();
        Reply(OutboundItem.Success(request));
    }

    /// <summary>Runs the method without waiting for it: replies go out in completion order, and the next message is read meanwhile.</summary>
    private void Exec(RealtimeRequest request)
    {
        if (!HasFields(request, needName: true))
        {
            return;
        }
        var args = request.Args is null ? null : JsonDocument.Parse(request.Args);
        Task<ExecResult> running;
        try
        {
            // On the pool: the engine calls the method inline, and a driver method that blocks its thread must not
            // stop this connection's receive loop (its other requests, pings, unbinds).
            var caller = _caller;
            var token = _execCts.Token;
            running = Task.Run(() => _engine.Exec.ExecAsync(request.System!, request.Module!, request.Index, request.Name!,
                args?.RootElement ?? NoArgs, caller, token), CancellationToken.None);
        }
        catch
        {
            args?.Dispose();
            throw;
        }
        if (running.IsCompleted)
        {
            args?.Dispose();
            ReplyExec(request, running);
        }
        else
        {
            _ = FinishExecAsync(request, running, args);
        }
    }

    private async Task FinishExecAsync(RealtimeRequest request, Task<ExecResult> running, JsonDocument? args)
    {
        try
        {
            await ((Task)running).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        finally
        {
            args?.Dispose(); // only now: the driver's argument binding may read it until the call completes
        }
        ReplyExec(request, running);
    }

    private void ReplyExec(RealtimeRequest request, Task<ExecResult> completed)
    {
        if (!completed.IsCompletedSuccessfully)
        {
            var exception = completed.Exception?.GetBaseException() ?? new OperationCanceledException("The exec was cancelled.");
            _log.Unexpected(Id, "exec", exception);
            Reply(OutboundItem.Error(request, ErrorCode.UnexpectedFailure, $"Unexpected failure: {exception.Message}"));
            return;
        }
        var result = completed.Result;
        Reply(result.IsSuccess
            ? OutboundItem.ExecSuccess(request, result.Json!)
            : OutboundItem.Error(request, (ErrorCode)(int)result.Status, result.Error ?? result.Status.ToString()));
    }

    /// <summary>
    /// Streams a module's log lines. <c>mod</c> is a module name (with <c>index</c>) in <c>sys</c>, or a module id, as
    /// PlaceOS frontends send to save a lookup: an id counts only in a system that lists it, or, without <c>sys</c>,
    /// when some system listing it is one the caller may access.
    /// </summary>
    private void Debug(RealtimeRequest request)
    {
        if (string.IsNullOrEmpty(request.Module))
        {
            Reply(OutboundItem.Error(request, ErrorCode.BadRequest,
                "debug needs mod: a module name in sys (with index), or a module id; missing or empty: mod."));
            return;
        }
        var caller = _caller;
        string moduleId;
        string moduleName;
        if (!string.IsNullOrEmpty(request.System))
        {
            if (!MayReachSystem(request, caller))
            {
                return;
            }
            if (_engine.Directory.TryResolve(request.System, request.Module, request.Index, out var resolved))
            {
                (moduleId, moduleName) = (resolved, request.Module);
            }
            else if (_engine.Directory.PlacesOf(request.Module).FirstOrDefault(p => p.System.Id == request.System) is { Module: { } place })
            {
                (moduleId, moduleName) = (place.ModuleId, place.Name);
            }
            else
            {
                Reply(ModuleNotFound(request));
                return;
            }
        }
        else
        {
            var places = _engine.Directory.PlacesOf(request.Module).ToArray();
            if (places.Length == 0)
            {
                Reply(OutboundItem.Error(request, ErrorCode.ModuleNotFound,
                    $"No system lists a module with id '{request.Module}'. Send sys with a module name (and index), or a module id a system lists."));
                return;
            }
            if (!places.Any(p => caller.CanAccess(p.System.Id)))
            {
                _log.AccessDenied(caller.Name, _remote, request.Module);
                Reply(OutboundItem.Error(request, ErrorCode.AccessDenied, $"'{caller.Name}' may not access module '{request.Module}'."));
                return;
            }
            (moduleId, moduleName) = (request.Module, places[0].Module.Name);
        }
        if (!MayUseModule(request, caller, moduleName))
        {
            return;
        }
        // The class name as a string: holding the Type would pin the driver's code across hot reloads.
        string klass = _engine.TryGetModule(moduleId, out var module)
            ? module.Driver.Descriptor.DriverType.FullName ?? module.Driver.Descriptor.Name
            : moduleName;
        Reply(OutboundItem.DebugSuccess(request, moduleId));
        lock (_lock)
        {
            if (!_debugs.ContainsKey(moduleId))
            {
                var outbound = _outbound;
                _debugs[moduleId] = _engine.LogTap.Watch(moduleId, entry => outbound.Debug(entry, klass));
            }
        }
    }

    /// <summary>Stops debugging by module id (what debug answered as <c>mod_id</c>) or by sys/mod/index. Idempotent.</summary>
    private void Ignore(RealtimeRequest request)
    {
        if (request.Module is null)
        {
            Reply(OutboundItem.Error(request, ErrorCode.BadRequest, "ignore needs mod: the mod_id that debug replied with (or sys, mod and index)."));
            return;
        }
        IDisposable? watch;
        lock (_lock)
        {
            if (!_debugs.Remove(request.Module, out watch) && request.System is not null &&
                _engine.Directory.TryResolve(request.System, request.Module, request.Index, out var moduleId))
            {
                _debugs.Remove(moduleId, out watch);
            }
        }
        watch?.Dispose();
        Reply(OutboundItem.IgnoreSuccess(request));
    }

    private bool HasFields(RealtimeRequest request, bool needName)
    {
        var missing = new List<string>(3);
        if (string.IsNullOrEmpty(request.System)) missing.Add("sys");
        if (string.IsNullOrEmpty(request.Module)) missing.Add("mod");
        if (needName && string.IsNullOrEmpty(request.Name)) missing.Add("name");
        if (missing.Count == 0)
        {
            return true;
        }
        string needs = needName ? "sys, mod and name" : "sys and mod";
        Reply(OutboundItem.Error(request, ErrorCode.BadRequest,
            $"{request.Command} needs {needs}; missing or empty: {string.Join(", ", missing)}."));
        return false;
    }

    /// <summary>The checks exec makes, for bind: the system exists, the caller may use it, '_' modules need support.</summary>
    private bool MayReach(RealtimeRequest request)
    {
        var caller = _caller;
        return MayReachSystem(request, caller) && MayUseModule(request, caller, request.Module!);
    }

    private bool MayReachSystem(RealtimeRequest request, Caller caller)
    {
        string system = request.System!;
        if (!_engine.Directory.TryGetSystem(system, out _))
        {
            Reply(OutboundItem.Error(request, ErrorCode.SystemNotFound, $"System '{system}' does not exist."));
            return false;
        }
        if (!caller.CanAccess(system))
        {
            _log.AccessDenied(caller.Name, _remote, system);
            Reply(OutboundItem.Error(request, ErrorCode.AccessDenied, $"'{caller.Name}' may not access system '{system}'."));
            return false;
        }
        return true;
    }

    /// <summary>A module whose name starts with '_' is internal (PlaceOS's convention) and needs support clearance.</summary>
    private bool MayUseModule(RealtimeRequest request, Caller caller, string moduleName)
    {
        if (IsInternal(moduleName) && caller.Clearance < SecurityLevel.Support)
        {
            _log.AccessDenied(caller.Name, _remote, $"{request.System}/{moduleName}");
            Reply(OutboundItem.Error(request, ErrorCode.AccessDenied, $"Module '{moduleName}' is internal ('_' prefix) and needs support clearance."));
            return false;
        }
        return true;
    }

    private OutboundItem ModuleNotFound(RealtimeRequest request)
    {
        _engine.Directory.TryGetSystem(request.System!, out var system);
        string available = system is null || system.Modules.Count == 0 ? "none" : string.Join(", ", system.Modules);
        return OutboundItem.Error(request, ErrorCode.ModuleNotFound,
            $"System '{request.System}' has no module {request.Module}_{request.Index}. Its modules: {available}.");
    }

    private void Reply(OutboundItem reply) => _outbound.Reply(reply);
}
