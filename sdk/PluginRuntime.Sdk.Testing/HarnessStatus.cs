using System.Text.Json;

namespace PluginRuntime.Sdk.Testing;

/// <summary>
/// The driver's status as the runtime would hold it: key → JSON, with the same change detection (a write whose JSON
/// is unchanged is not a change) and a log of every change for assertions.
/// </summary>
public sealed class HarnessStatus
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, byte[]> _values = new(StringComparer.Ordinal);
    private readonly List<StatusChangeRecord> _changes = [];

    /// <summary>The value of a key as JSON, or null when it is not set.</summary>
    public JsonElement? this[string key]
    {
        get
        {
            lock (_lock)
            {
                return _values.TryGetValue(key, out var json) ? Parse(json) : null;
            }
        }
    }

    /// <summary>The value of a key read as <typeparamref name="T"/> with the runtime's JSON conventions.</summary>
    public T? Get<T>(string key) => this[key] is { } value ? value.Deserialize<T>(DriverJson.CreateOptions()) : default;

    /// <summary>True when the key is set.</summary>
    public bool Has(string key)
    {
        lock (_lock)
        {
            return _values.ContainsKey(key);
        }
    }

    /// <summary>Every change in order (a deletion has a null value). Unchanged writes are not here.</summary>
    public IReadOnlyList<StatusChangeRecord> Changes
    {
        get
        {
            lock (_lock)
            {
                return _changes.ToArray();
            }
        }
    }

    /// <summary>The set keys.</summary>
    public IReadOnlyCollection<string> Keys
    {
        get
        {
            lock (_lock)
            {
                return _values.Keys.ToArray();
            }
        }
    }

    internal bool TryGet(string key, out ReadOnlyMemory<byte> json)
    {
        lock (_lock)
        {
            bool found = _values.TryGetValue(key, out var value);
            json = value;
            return found;
        }
    }

    internal bool Write(string key, ReadOnlySpan<byte> json)
    {
        lock (_lock)
        {
            if (_values.TryGetValue(key, out var current) && json.SequenceEqual(current))
            {
                return false;
            }
            var stored = json.ToArray();
            _values[key] = stored;
            _changes.Add(new StatusChangeRecord(key, Parse(stored)));
            return true;
        }
    }

    internal bool Remove(string key)
    {
        lock (_lock)
        {
            if (!_values.Remove(key))
            {
                return false;
            }
            _changes.Add(new StatusChangeRecord(key, null));
            return true;
        }
    }

    private static JsonElement Parse(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}

/// <summary>One status change: the key and its new value (null when deleted).</summary>
public sealed record StatusChangeRecord(string Key, JsonElement? Value);
