using PluginRuntime.Core.Engine;
using PluginRuntime.Core.Systems;
using PluginRuntime.Sdk.Hosting;

namespace PluginRuntime.Host.Realtime;

/// <summary>
/// One bind on one connection. It follows the address, not a module (<see cref="AddressObservation"/>), so config
/// edits that renumber modules and hot reloads (status stays keyed by module id) keep it going.
/// Each value is handed to the connection's <see cref="OutboundBuffer"/> as it is written (inline, under the module's
/// status lock), which frames it or, when the client is behind, keeps it as this binding's one pending value.
/// </summary>
internal sealed class RealtimeBinding : IDisposable
{
    private readonly OutboundBuffer _outbound;
    private readonly AddressObservation _observation;
    private volatile byte[] _notifyPrefix;
    private volatile bool _disposed;

    /// <param name="notifyPrefix">The notify frame up to its value (see <see cref="FrameWriter.NotifyPrefix"/>).</param>
    public RealtimeBinding(BindingKey key, byte[] notifyPrefix, OutboundBuffer outbound, RuntimeEngine engine)
    {
        Key = key;
        _outbound = outbound;
        _notifyPrefix = notifyPrefix;
        _observation = new AddressObservation(engine, engine.State, key.System, new ModuleAddress(key.Module, key.Index), key.Name,
            json => { if (!_disposed) _outbound.Notify(this, json); });
    }

    public BindingKey Key { get; }

    /// <summary>Carries the id of the latest bind of this key, so a re-bind's notifications match its id.</summary>
    public byte[] NotifyPrefix => _notifyPrefix;

    public bool IsDisposed => _disposed;

    // The pending value while the outbound buffer is full; both guarded by the OutboundBuffer's lock.
    internal bool IsWaiting { get; set; }

    internal byte[]? WaitingValue { get; set; }

    /// <summary>Resolves the address (again); delivers a value if it now names another module.</summary>
    public void Refresh() => _observation.Refresh();

    /// <summary>A repeated bind: later notifications carry its id, and the current value is sent again after its success.</summary>
    public void Rebind(byte[] notifyPrefix)
    {
        _notifyPrefix = notifyPrefix;
        _observation.Redeliver();
    }

    /// <summary>
    /// No value is framed after this returns: disposing the observation waits out a write in progress (it takes the
    /// module's status lock), so an unbind's success always comes after the binding's last notification.
    /// </summary>
    public void Dispose()
    {
        _disposed = true;
        _observation.Dispose();
    }
}
