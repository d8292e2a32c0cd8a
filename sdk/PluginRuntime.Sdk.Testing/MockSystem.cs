using System.Collections.Concurrent;
using System.Text.Json;
using PluginRuntime.Sdk.Hosting;
using PluginRuntime.Sdk.Systems;

namespace PluginRuntime.Sdk.Testing;

/// <summary>The driver's system in the harness: mock sibling modules, reached through the SDK's System proxy.</summary>
internal sealed class MockSystem(string systemId, DriverHarness harness) : ISystemAccess
{
    private readonly ConcurrentDictionary<ModuleAddress, MockModule> _modules = new();

    public string SystemId => systemId;

    public MockModule Add(string name, int index) => _modules.GetOrAdd(new ModuleAddress(name, index), a => new MockModule(a.Name, a.Index));

    public IReadOnlyList<ModuleAddress> FindModules(Type capability) =>
        _modules.Values.Where(m => m.HasCapability(capability)).Select(m => new ModuleAddress(m.Name, m.Index))
            .OrderBy(a => a.Name, StringComparer.Ordinal).ThenBy(a => a.Index).ToArray();

    public Task<JsonElement> CallAsync(ModuleAddress module, string method, JsonElement args, CancellationToken cancellationToken) =>
        _modules.TryGetValue(module, out var mock)
            ? Task.FromResult(mock.Call(method, args))
            : Task.FromException<JsonElement>(new ModuleCallException($"System '{systemId}' has no module {module} (add one with harness.Sibling)."));

    public bool TryGetStatus(ModuleAddress module, string key, out JsonElement value)
    {
        value = default;
        return _modules.TryGetValue(module, out var mock) && mock.TryGetStatus(key, out value);
    }

    public IDisposable Subscribe(ModuleAddress module, string key, Func<JsonElement?, Task> onChange)
    {
        var mock = Add(module.Name, module.Index);
        Func<JsonElement?, Task> guarded = value => harness.RunGuardedAsync($"subscription {module}.{key}", _ => onChange(value));
        var subscription = mock.Subscribe(key, guarded);
        if (mock.TryGetStatus(key, out var current))
        {
            _ = guarded(current);
        }
        return subscription;
    }
}
