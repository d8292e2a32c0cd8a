using System.Text.Json;
using PluginRuntime.Core.Exec;
using PluginRuntime.Core.Modules;
using PluginRuntime.Core.State;
using PluginRuntime.Sdk.Hosting;
using PluginRuntime.Sdk.Systems;

namespace PluginRuntime.Core.Systems;

/// <summary>A module's view of its own system: sibling calls go through exec, status reads and subscriptions through the state store.</summary>
internal sealed class SystemAccess(
    string moduleId, string systemId, IModuleRegistry registry, ExecService exec, StateStore state,
    DriverInvoker invoker, RuntimeOptions options, CancellationToken stopping) : ISystemAccess
{
    private readonly Caller _caller = Caller.Internal with { Name = moduleId };

    public string SystemId => systemId;

    public IReadOnlyList<ModuleAddress> FindModules(Type capability)
    {
        if (!registry.Directory.TryGetSystem(systemId, out var system))
        {
            return [];
        }
        return system.Modules
            .Where(m => registry.TryGetModule(m.ModuleId, out var module) && module.Driver.Descriptor.Implements(capability))
            .Select(m => new ModuleAddress(m.Name, m.Index))
            .ToArray();
    }

    public async Task<JsonElement> CallAsync(ModuleAddress module, string method, JsonElement args, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopping);
        var result = await exec.ExecAsync(systemId, module.Name, module.Index, method, args, _caller, linked.Token).ConfigureAwait(false);
        if (!result.IsSuccess)
        {
            throw new ModuleCallException($"{module}.{method} in system '{systemId}' failed: {result.Error}");
        }
        using var document = JsonDocument.Parse(result.Json);
        return document.RootElement.Clone();
    }

    public bool TryGetStatus(ModuleAddress module, string key, out JsonElement value)
    {
        value = default;
        if (!registry.Directory.TryResolve(systemId, module.Name, module.Index, out var target) || !state.TryGet(target, key, out var json))
        {
            return false;
        }
        using var document = JsonDocument.Parse(json);
        value = document.RootElement.Clone();
        return true;
    }

    public IDisposable Subscribe(ModuleAddress module, string key, Func<JsonElement?, Task> onChange) =>
        new AddressSubscription(registry, state, systemId, module, key,
            value => invoker.RunAsync(moduleId, $"subscription {module}.{key}", _ => onChange(value), options.MethodTimeout, stopping),
            stopping);
}
