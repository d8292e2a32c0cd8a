using PluginRuntime.Core.Engine;
using PluginRuntime.Core.Systems;
using PluginRuntime.Sdk.Hosting;

namespace PluginRuntime.Host.Realtime;

/// <summary>
/// One bind on one connection. It follows the address, not a module (<see cref="AddressObservation"/>), so config
/// edits that renumber modules and hot reloads (status stays keyed by module id) keep it going.
/// Values coalesce here: the status observer (called under the module's status lock) only stores the newest value
/// and queues this binding if it isn't queued already; the send loop takes whatever is newest when it gets to it.
/// A slow client therefore costs one pending value per binding, and always ends up with the latest one.
/// </summary>
internal sealed class RealtimeBinding : IDisposable
{
    private readonly Lock _lock = new();
    private readonly OutboundQueue _queue;
    private readonly AddressObservation _observation;
    private byte[]? _pending;
    private bool _hasPending;
    private bool _queued;
    private bool _disposed;
    private volatile byte[] _notifyPrefix;

    /// <param name="notifyPrefix">The notify frame up to its value (see <see cref="FrameWriter.NotifyPrefix"/>).</param>
    public RealtimeBinding(BindingKey key, byte[] notifyPrefix, OutboundQueue queue, RuntimeEngine engine)
    {
        Key = key;
        _queue = queue;
        _notifyPrefix = notifyPrefix;
        _observation = new AddressObservation(engine, engine.State, key.System, new ModuleAddress(key.Module, key.Index), key.Name, OnValue);
    }

    public BindingKey Key { get; }

    /// <summary>Carries the id of the latest bind of this key, so a re-bind's notifications match its id.</summary>
    public byte[] NotifyPrefix => _notifyPrefix;

    /// <summary>Resolves the address (again); delivers a value if it now names another module.</summary>
    public void Refresh() => _observation.Refresh();

    /// <summary>A repeated bind: later notifications carry its id, and the current value is sent again after its success.</summary>
    public void Rebind(byte[] notifyPrefix)
    {
        _notifyPrefix = notifyPrefix;
        _observation.Redeliver();
    }

    /// <summary>Takes the newest unsent value; false when there is none (already sent, or unbound meanwhile).</summary>
    /// <param name="json">UTF-8 JSON, or null for a JSON null (key deleted, or the address has no module with it now).</param>
    public bool TryTakeValue(out byte[]? json)
    {
        lock (_lock)
        {
            _queued = false;
            json = _pending;
            _pending = null;
            bool had = _hasPending && !_disposed;
            _hasPending = false;
            return had;
        }
    }

    // Called inline by the state store under the module's lock: store and queue, nothing else.
    private void OnValue(byte[]? json)
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }
            _pending = json;
            _hasPending = true;
            if (_queued)
            {
                return; // the queued entry will carry this newer value
            }
            _queued = true;
        }
        _queue.EnqueueNotify(this);
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _pending = null;
        }
        _observation.Dispose();
    }
}
