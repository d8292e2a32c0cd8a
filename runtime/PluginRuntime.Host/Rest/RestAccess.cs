using System.Diagnostics.CodeAnalysis;
using PluginRuntime.Core.Config;
using PluginRuntime.Core.Engine;
using PluginRuntime.Core.Exec;
using PluginRuntime.Core.Systems;
using PluginRuntime.Host.Rest.Models;
using PluginRuntime.Sdk.Hosting;

namespace PluginRuntime.Host.Rest;

/// <summary>
/// Resolves what a REST request names (a system, <c>Name_index</c> in a system, a module id) for a caller, with the
/// same checks and messages as exec: existence first (404, code 5 or 6), then the caller's scope (403, code 2).
/// </summary>
internal sealed partial class RestAccess(RuntimeEngine engine, ILogger<RestAccess> logger)
{
    public bool TryGetSystem(Caller caller, string systemId, [NotNullWhen(true)] out SystemEntry? system, [NotNullWhen(false)] out IResult? problem)
    {
        problem = null;
        if (!engine.Directory.TryGetSystem(systemId, out system))
        {
            problem = RestProblems.For(ExecStatus.SystemNotFound, $"System '{systemId}' does not exist.");
            return false;
        }
        if (!caller.CanAccess(systemId))
        {
            LogAccessDenied(caller.Name, systemId);
            problem = RestProblems.For(ExecStatus.AccessDenied, $"'{caller.Name}' may not access system '{systemId}'.");
            system = null;
            return false;
        }
        return true;
    }

    /// <summary>Resolves <c>Name_index</c> (a bare name means index 1) in a system the caller may access.</summary>
    public bool TryResolve(Caller caller, string systemId, string address, [NotNullWhen(true)] out string? moduleId, [NotNullWhen(false)] out IResult? problem)
    {
        moduleId = null;
        if (!TryGetSystem(caller, systemId, out var system, out problem))
        {
            return false;
        }
        var (name, index) = ModuleAddress.Parse(address);
        if (!engine.Directory.TryResolve(systemId, name, index, out var resolved))
        {
            string available = system.Modules.Count == 0 ? "none" : string.Join(", ", system.Modules);
            problem = RestProblems.For(ExecStatus.ModuleNotFound, $"System '{systemId}' has no module {name}_{index}. Its modules: {available}.");
            return false;
        }
        if (!MayUseInternal(caller, name, $"{systemId}/{name}_{index}", out problem))
        {
            return false;
        }
        moduleId = resolved;
        return true;
    }

    /// <summary>
    /// A module id the running config declares, in a system the caller may access (or any, for an unscoped caller),
    /// with its config read from one snapshot (so an edit landing meanwhile gives 404, not a failure).
    /// </summary>
    public bool TryGetModule(Caller caller, string moduleId, [NotNullWhen(true)] out ModuleConfig? module, [NotNullWhen(false)] out IResult? problem)
    {
        problem = null;
        module = null;
        if (engine.Config is not { } config || !config.ModulesById.TryGetValue(moduleId, out module))
        {
            problem = RestProblems.For(ExecStatus.ModuleNotFound, $"Module '{moduleId}' does not exist.");
            return false;
        }
        if (!MaySee(caller, moduleId))
        {
            LogAccessDenied(caller.Name, moduleId);
            problem = RestProblems.For(ExecStatus.AccessDenied, $"'{caller.Name}' may not access module '{moduleId}'.");
            module = null;
            return false;
        }
        return true;
    }

    /// <summary>
    /// <see cref="TryGetModule"/> for reading a module's data (its status): an internal ('_') module needs support
    /// clearance, as the websocket and exec require. Its name is the one systems address it by.
    /// </summary>
    public bool TryGetModuleData(Caller caller, string moduleId, [NotNullWhen(false)] out IResult? problem)
    {
        if (!TryGetModule(caller, moduleId, out _, out problem))
        {
            return false;
        }
        string? name = engine.Directory.PlacesOf(moduleId).Select(p => p.Module.Name).FirstOrDefault(IsInternal);
        return name is null || MayUseInternal(caller, name, moduleId, out problem);
    }

    /// <summary>A module whose name starts with '_' is internal (PlaceOS's convention): support clearance or above.</summary>
    private bool MayUseInternal(Caller caller, string moduleName, string target, [NotNullWhen(false)] out IResult? problem)
    {
        problem = null;
        if (!IsInternal(moduleName) || caller.Clearance >= Sdk.SecurityLevel.Support)
        {
            return true;
        }
        LogAccessDenied(caller.Name, $"{target} (a '_' module)");
        problem = RestProblems.For(ExecStatus.AccessDenied, $"Module '{moduleName}' is internal ('_' prefix) and needs support clearance.");
        return false;
    }

    private static bool IsInternal(string moduleName) => moduleName.StartsWith('_');

    /// <summary>An unscoped caller sees every module; a scoped one those in a system it may access.</summary>
    public bool MaySee(Caller caller, string moduleId) =>
        caller.MayAccessSystem is null || engine.Directory.PlacesOf(moduleId).Any(p => caller.CanAccess(p.System.Id));

    /// <summary>403 unless the caller has at least <paramref name="needed"/> clearance.</summary>
    public bool HasClearance(Caller caller, Sdk.SecurityLevel needed, string what, [NotNullWhen(false)] out IResult? problem)
    {
        problem = null;
        if (caller.Clearance >= needed)
        {
            return true;
        }
        LogAccessDenied(caller.Name, what);
        problem = RestProblems.For(ExecStatus.AccessDenied,
            $"{what} needs {needed.ToString().ToLowerInvariant()} clearance; '{caller.Name}' has {caller.Clearance.ToString().ToLowerInvariant()}.");
        return false;
    }

    public static SystemView ViewOf(SystemEntry system) => new(system.Id, system.Name, system.ZoneIds,
        [.. system.Modules.Select(m => new SystemModuleView(m.ToString(), m.ModuleId, m.Name, m.Index))]);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Access denied: {Caller} to {Target}")]
    private partial void LogAccessDenied(string caller, string target);
}
