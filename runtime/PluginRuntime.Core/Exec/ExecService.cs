using System.Text.Json;
using Microsoft.Extensions.Logging;
using PluginRuntime.Core.Modules;
using PluginRuntime.Sdk;
using PluginRuntime.Sdk.Metadata;

namespace PluginRuntime.Core.Exec;

/// <summary>
/// Runs a method on a module for a caller: resolves <c>sys</c> + <c>Name_index</c> (or a module id), checks access
/// and clearance, binds the JSON arguments and awaits the driver. Every failure becomes an <see cref="ExecResult"/>
/// with a message that says what was wrong; nothing thrown here reaches the caller.
/// </summary>
internal sealed partial class ExecService(IModuleRegistry registry, ILogger<ExecService> logger)
{
    /// <summary>Exec by system and <c>Name_index</c>.</summary>
    public Task<ExecResult> ExecAsync(string systemId, string moduleName, int index, string method, JsonElement args,
        Caller caller, CancellationToken cancellationToken)
    {
        var directory = registry.Directory;
        if (!directory.TryGetSystem(systemId, out var system))
        {
            return Task.FromResult(ExecResult.Fail(ExecStatus.SystemNotFound, $"System '{systemId}' does not exist."));
        }
        if (!caller.CanAccess(systemId))
        {
            LogAccessDenied(caller.Name, systemId);
            return Task.FromResult(ExecResult.Fail(ExecStatus.AccessDenied, $"'{caller.Name}' may not access system '{systemId}'."));
        }
        if (!directory.TryResolve(systemId, moduleName, index, out var moduleId))
        {
            string available = system.Modules.Count == 0 ? "none" : string.Join(", ", system.Modules);
            return Task.FromResult(ExecResult.Fail(ExecStatus.ModuleNotFound,
                $"System '{systemId}' has no module {moduleName}_{index}. Its modules: {available}."));
        }
        return ExecOnModuleAsync(moduleId, moduleName, method, args, caller, cancellationToken);
    }

    /// <summary>Exec by module id (the caller's system access is checked against every system holding it).</summary>
    public Task<ExecResult> ExecModuleAsync(string moduleId, string method, JsonElement args, Caller caller, CancellationToken cancellationToken)
    {
        var places = registry.Directory.PlacesOf(moduleId).ToArray();
        if (caller.MayAccessSystem is not null && !places.Any(p => caller.CanAccess(p.System.Id)))
        {
            LogAccessDenied(caller.Name, moduleId);
            return Task.FromResult(ExecResult.Fail(ExecStatus.AccessDenied, $"'{caller.Name}' may not access module '{moduleId}'."));
        }
        string name = places.Length > 0 ? places[0].Module.Name : moduleId;
        return ExecOnModuleAsync(moduleId, name, method, args, caller, cancellationToken);
    }

    private async Task<ExecResult> ExecOnModuleAsync(string moduleId, string moduleName, string methodName, JsonElement args,
        Caller caller, CancellationToken cancellationToken)
    {
        if (!registry.TryGetModule(moduleId, out var module) || !module.IsRunning)
        {
            string why = module?.StartError is { } error ? $" It failed to start: {error}" : " It is not running (disabled, or being replaced).";
            return ExecResult.Fail(ExecStatus.ModuleNotFound, $"Module '{moduleId}' is not available.{why}");
        }
        if (moduleName.StartsWith('_') && caller.Clearance < SecurityLevel.Support)
        {
            LogAccessDenied(caller.Name, $"{moduleId} (a '_' module)");
            return ExecResult.Fail(ExecStatus.AccessDenied, $"Module '{moduleName}' is internal ('_' prefix) and needs support clearance.");
        }
        var descriptor = module.Driver.Descriptor;
        if (!module.TryGetMethod(methodName, out var method))
        {
            var all = module.Methods;
            string methods = all.Count == 0 ? "none" : string.Join(", ", all.Select(m => m.Name));
            return ExecResult.Fail(ExecStatus.BadRequest, $"Module '{moduleId}' ({descriptor.Name}) has no method '{methodName}'. Its methods: {methods}.");
        }
        if (method.Security > caller.Clearance)
        {
            LogAccessDenied(caller.Name, $"{moduleId}.{method.Name}");
            return ExecResult.Fail(ExecStatus.AccessDenied,
                $"'{method.Name}' needs {method.Security.ToString().ToLowerInvariant()} clearance; '{caller.Name}' has {caller.Clearance.ToString().ToLowerInvariant()}.");
        }
        try
        {
            var (result, fault) = await module.InvokeAsync(method, args, cancellationToken).ConfigureAwait(false);
            return fault is null
                ? ExecResult.Ok(result!)
                : ExecResult.Fail(ExecStatus.RequestFailed, fault.Message);
        }
        catch (ArgumentBindingException ex)
        {
            return ExecResult.Fail(ExecStatus.BadRequest, ex.Message);
        }
        catch (Exception ex)
        {
            LogUnexpected(moduleId, method.Name, ex);
            return ExecResult.Fail(ExecStatus.UnexpectedFailure, $"Unexpected failure running '{method.Name}' on '{moduleId}': {ex.Message}");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Access denied: {Caller} to {Target}")]
    private partial void LogAccessDenied(string caller, string target);

    [LoggerMessage(Level = LogLevel.Error, Message = "Exec {ModuleId}.{Method} failed unexpectedly")]
    private partial void LogUnexpected(string moduleId, string method, Exception exception);
}
