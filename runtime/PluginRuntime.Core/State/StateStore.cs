using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace PluginRuntime.Core.State;

/// <summary>
/// The host-owned status of every module, and its change feed. Drivers write through their context; faces
/// (websocket, MQTT, other modules) observe the feed. Nothing here touches driver objects.
/// </summary>
internal sealed partial class StateStore(ILogger<StateStore> logger)
{
    private readonly ConcurrentDictionary<string, ModuleStatus> _modules = new(StringComparer.Ordinal);
    private Action<StatusChange>[] _feed = [];

    /// <summary>The status of a module (created empty on first use, so observers may come before the module).</summary>
    public ModuleStatus For(string moduleId) => _modules.GetOrAdd(moduleId, id => new ModuleStatus(id, this));

    public bool TryGet(string moduleId, string key, out byte[] json)
    {
        json = [];
        return _modules.TryGetValue(moduleId, out var status) && status.TryGet(key, out json);
    }

    /// <summary>Observes every change of every module. Observers run inline under the module's lock: be quick.</summary>
    public IDisposable Subscribe(Action<StatusChange> observer)
    {
        ImmutableUpdate(list => [.. list, observer]);
        return new Unsubscriber(() => ImmutableUpdate(list => list.Where(o => o != observer).ToArray()));
    }

    /// <summary>Observes one key of one module: its current value first (if set), then every change.</summary>
    public IDisposable Subscribe(string moduleId, string key, Action<StatusChange> observer) => For(moduleId).Observe(key, observer);

    /// <summary>Deletes a removed module's status, notifying null for each key so every face clears it.</summary>
    public void RemoveModule(string moduleId)
    {
        if (_modules.TryGetValue(moduleId, out var status))
        {
            status.Clear();
        }
    }

    internal void Publish(StatusChange change)
    {
        foreach (var observer in Volatile.Read(ref _feed))
        {
            Deliver(observer, change);
        }
    }

    internal void Deliver(Action<StatusChange> observer, StatusChange change)
    {
        try
        {
            observer(change);
        }
        catch (Exception ex)
        {
            // An observer's bug must not stop the write or the other observers.
            LogObserverFailed(change.ModuleId, change.Key, ex);
        }
    }

    private void ImmutableUpdate(Func<Action<StatusChange>[], Action<StatusChange>[]> update)
    {
        while (true)
        {
            var current = Volatile.Read(ref _feed);
            if (Interlocked.CompareExchange(ref _feed, update(current), current) == current)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A status observer failed on {ModuleId}.{Key}")]
    private partial void LogObserverFailed(string moduleId, string key, Exception exception);
}
