namespace PluginRuntime.Core.State;

/// <summary>
/// One module's status: key → UTF-8 JSON. Compare, store and notify happen under one lock, so observers of a key see
/// its values in the order they were written and a new observer gets the current value before any later change.
/// Observers are called inline and must be quick (enqueue, don't block).
/// </summary>
internal sealed class ModuleStatus
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, byte[]> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Action<StatusChange>[]> _keyObservers = new(StringComparer.Ordinal);
    private readonly StateStore _store;

    internal ModuleStatus(string moduleId, StateStore store)
    {
        ModuleId = moduleId;
        _store = store;
    }

    public string ModuleId { get; }

    /// <summary>Stores the value unless its JSON equals the current one. Allocates only when it changed.</summary>
    public bool Write(string key, ReadOnlySpan<byte> json)
    {
        lock (_lock)
        {
            if (_values.TryGetValue(key, out var current) && json.SequenceEqual(current))
            {
                return false;
            }
            var stored = json.ToArray();
            _values[key] = stored;
            Notify(new StatusChange(ModuleId, key, stored));
            return true;
        }
    }

    /// <summary>Deletes the key and notifies null. False when it wasn't set.</summary>
    public bool Remove(string key)
    {
        lock (_lock)
        {
            if (!_values.Remove(key))
            {
                return false;
            }
            Notify(new StatusChange(ModuleId, key, null));
            return true;
        }
    }

    /// <summary>Deletes every key, notifying null for each (the module was removed).</summary>
    public void Clear()
    {
        lock (_lock)
        {
            foreach (var key in _values.Keys.ToArray())
            {
                _values.Remove(key);
                Notify(new StatusChange(ModuleId, key, null));
            }
        }
    }

    public bool TryGet(string key, out byte[] json)
    {
        lock (_lock)
        {
            return _values.TryGetValue(key, out json!);
        }
    }

    public KeyValuePair<string, byte[]>[] Snapshot()
    {
        lock (_lock)
        {
            return _values.ToArray();
        }
    }

    /// <summary>Observes one key; the current value (if set) is delivered before this returns.</summary>
    public IDisposable Observe(string key, Action<StatusChange> observer)
    {
        lock (_lock)
        {
            _keyObservers[key] = _keyObservers.TryGetValue(key, out var existing) ? [.. existing, observer] : [observer];
            if (_values.TryGetValue(key, out var current))
            {
                observer(new StatusChange(ModuleId, key, current));
            }
        }
        return new Unsubscriber(() =>
        {
            lock (_lock)
            {
                if (_keyObservers.TryGetValue(key, out var list))
                {
                    var remaining = list.Where(o => o != observer).ToArray();
                    if (remaining.Length == 0) _keyObservers.Remove(key);
                    else _keyObservers[key] = remaining;
                }
            }
        });
    }

    private void Notify(StatusChange change)
    {
        if (_keyObservers.TryGetValue(change.Key, out var observers))
        {
            foreach (var observer in observers)
            {
                _store.Deliver(observer, change);
            }
        }
        _store.Publish(change);
    }
}
