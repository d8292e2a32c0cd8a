using PluginRuntime.Core.Modules;
using PluginRuntime.Core.State;
using PluginRuntime.Sdk.Hosting;

namespace PluginRuntime.Core.Systems;

/// <summary>
/// Observes <c>Name_index.key</c> in a system and follows the address rather than a module: <see cref="Refresh"/>
/// re-resolves it against the current directory, and when it now names another module (or a module appears) the
/// observation moves there and delivers that module's current value, or null if it has none.
/// Values are delivered inline — from the status writer's thread under the module's status lock, or from
/// <see cref="Refresh"/> — so <c>onValue</c> must only hand them on (enqueue), never block.
/// The owner decides how <see cref="Refresh"/> is driven (one handler per observation, or one per many), which is why
/// this type does not subscribe to <see cref="IModuleRegistry.Changed"/> itself.
/// </summary>
internal sealed class AddressObservation : IDisposable
{
    private readonly IModuleRegistry _registry;
    private readonly StateStore _state;
    private readonly string _systemId;
    private readonly ModuleAddress _address;
    private readonly string _key;
    private readonly Action<byte[]?> _onValue;
    private readonly Lock _lock = new();
    private string? _moduleId;
    private IDisposable? _observation;
    private bool _disposed;

    /// <summary>Creates the observation without resolving: wire up <see cref="Refresh"/> first, then call it once.</summary>
    /// <param name="onValue">UTF-8 JSON of each value, or null when the key is deleted or the address moved to a module without it.</param>
    public AddressObservation(IModuleRegistry registry, StateStore state, string systemId, ModuleAddress address, string key, Action<byte[]?> onValue)
    {
        _registry = registry;
        _state = state;
        _systemId = systemId;
        _address = address;
        _key = key;
        _onValue = onValue;
    }

    /// <summary>The module the address names now, or null.</summary>
    public string? ModuleId
    {
        get
        {
            lock (_lock)
            {
                return _moduleId;
            }
        }
    }

    /// <summary>Re-resolves the address; moves the observation if it names another module now.</summary>
    public void Refresh() => Resolve(redeliver: false);

    /// <summary>Like <see cref="Refresh"/>, and delivers the current value again even if the module did not change.</summary>
    /// <remarks>Re-subscribing (rather than reading the value) keeps the redelivered value ordered with concurrent writes.</remarks>
    public void Redeliver() => Resolve(redeliver: true);

    private void Resolve(bool redeliver)
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }
            _registry.Directory.TryResolve(_systemId, _address.Name, _address.Index, out var moduleId);
            string? resolved = string.IsNullOrEmpty(moduleId) ? null : moduleId;
            if (resolved == _moduleId && !redeliver)
            {
                return;
            }
            _observation?.Dispose();
            _observation = null;
            if (_moduleId is not null && resolved != _moduleId && (resolved is null || !_state.TryGet(resolved, _key, out _)))
            {
                _onValue(null); // the old module's value no longer applies, and the new one has none (yet)
            }
            _moduleId = resolved;
            if (resolved is not null)
            {
                var onValue = _onValue;
                _observation = _state.Subscribe(resolved, _key, change => onValue(change.Value));
            }
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
            _observation?.Dispose();
            _observation = null;
        }
    }
}
