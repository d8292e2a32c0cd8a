using System.Text.Json;
using System.Threading.Channels;
using PluginRuntime.Core.Modules;
using PluginRuntime.Core.State;
using PluginRuntime.Sdk.Hosting;

namespace PluginRuntime.Core.Systems;

/// <summary>
/// A subscription to <c>Name_index.key</c> in a system that follows the address: when a config edit points the
/// address at another module (or creates it), the subscription moves and delivers that module's current value.
/// Changes are delivered in order from one loop, never inline from the writer.
/// </summary>
internal sealed class AddressSubscription : IDisposable
{
    private readonly IModuleRegistry _registry;
    private readonly StateStore _state;
    private readonly string _systemId;
    private readonly ModuleAddress _address;
    private readonly string _key;
    private readonly Channel<byte[]?> _changes = Channel.CreateUnbounded<byte[]?>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _lock = new();
    private readonly CancellationTokenRegistration _stopRegistration;
    private string? _moduleId;
    private IDisposable? _observation;
    private bool _disposed;

    public AddressSubscription(IModuleRegistry registry, StateStore state, string systemId, ModuleAddress address, string key,
        Func<JsonElement?, Task> deliver, CancellationToken stopping)
    {
        _registry = registry;
        _state = state;
        _systemId = systemId;
        _address = address;
        _key = key;
        registry.Changed += Rebind;
        Rebind();
        _ = PumpAsync(deliver);
        _stopRegistration = stopping.Register(Dispose);
    }

    private void Rebind()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }
            _registry.Directory.TryResolve(_systemId, _address.Name, _address.Index, out var moduleId);
            string? resolved = string.IsNullOrEmpty(moduleId) ? null : moduleId;
            if (resolved == _moduleId)
            {
                return;
            }
            _observation?.Dispose();
            if (_moduleId is not null && (resolved is null || !_state.TryGet(resolved, _key, out _)))
            {
                _changes.Writer.TryWrite(null); // the old module's value no longer applies, and the new one has none (yet)
            }
            _moduleId = resolved;
            _observation = resolved is null ? null : _state.Subscribe(resolved, _key, change => _changes.Writer.TryWrite(change.Value));
        }
    }

    private async Task PumpAsync(Func<JsonElement?, Task> deliver)
    {
        await foreach (var json in _changes.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            JsonElement? value = null;
            if (json is not null)
            {
                using var document = JsonDocument.Parse(json);
                value = document.RootElement.Clone();
            }
            await deliver(value).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            _registry.Changed -= Rebind;
            _observation?.Dispose();
            _changes.Writer.TryComplete();
        }
        _stopRegistration.Dispose();
    }
}
