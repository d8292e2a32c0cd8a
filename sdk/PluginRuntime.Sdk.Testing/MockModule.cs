using System.Collections.Concurrent;
using System.Text.Json;

namespace PluginRuntime.Sdk.Testing;

/// <summary>
/// A sibling module the driver under test can call, read and subscribe to. Give it methods with
/// <see cref="OnCall"/> and status with <see cref="SetStatus"/>; every call it receives is recorded.
/// </summary>
public sealed class MockModule
{
    private readonly ConcurrentDictionary<string, Func<JsonElement, object?>> _methods = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, JsonElement> _status = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string Method, JsonElement Args)> _calls = new();
    private readonly List<(string Key, Func<JsonElement?, Task> Handler)> _subscribers = [];
    private readonly HashSet<Type> _capabilities = [];

    internal MockModule(string name, int index)
    {
        Name = name;
        Index = index;
    }

    /// <summary>The module's name in the system.</summary>
    public string Name { get; }

    /// <summary>Its 1-based index.</summary>
    public int Index { get; }

    /// <summary>Calls received so far: method name and JSON arguments.</summary>
    public IReadOnlyList<(string Method, JsonElement Args)> Calls => _calls.ToArray();

    /// <summary>Answers calls of <paramref name="method"/> with <paramref name="handler"/> (given the JSON args).</summary>
    public MockModule OnCall(string method, Func<JsonElement, object?> handler)
    {
        _methods[method] = handler;
        return this;
    }

    /// <summary>Declares a capability interface, so the driver finds this module with <c>System.Implementing&lt;T&gt;()</c>.</summary>
    public MockModule Implements<TCapability>()
    {
        lock (_capabilities)
        {
            _capabilities.Add(typeof(TCapability));
        }
        return this;
    }

    /// <summary>Sets a status value and notifies the driver's subscriptions to it (awaited).</summary>
    public async Task SetStatus(string key, object? value)
    {
        var element = JsonSerializer.SerializeToElement(value, DriverJson.CreateOptions());
        // As in the runtime: an unchanged value, or deleting a missing key, notifies nobody.
        if (value is null ? !_status.TryRemove(key, out _) : _status.TryGetValue(key, out var current) && current.GetRawText() == element.GetRawText())
        {
            return;
        }
        if (value is not null)
        {
            _status[key] = element;
        }
        (string, Func<JsonElement?, Task>)[] targets;
        lock (_subscribers)
        {
            targets = _subscribers.Where(s => s.Key == key).ToArray();
        }
        foreach (var (_, handler) in targets)
        {
            await handler(value is null ? null : element).ConfigureAwait(false);
        }
    }

    internal bool HasCapability(Type type)
    {
        lock (_capabilities)
        {
            return _capabilities.Contains(type);
        }
    }

    internal JsonElement Call(string method, JsonElement args)
    {
        _calls.Enqueue((method, args.Clone()));
        if (!_methods.TryGetValue(method, out var handler))
        {
            throw new Sdk.Systems.ModuleCallException($"Mock module {Name}_{Index} has no method '{method}' (set one with OnCall).");
        }
        return JsonSerializer.SerializeToElement(handler(args), DriverJson.CreateOptions());
    }

    internal bool TryGetStatus(string key, out JsonElement value) => _status.TryGetValue(key, out value);

    internal IDisposable Subscribe(string key, Func<JsonElement?, Task> handler)
    {
        var entry = (key, handler);
        lock (_subscribers)
        {
            _subscribers.Add(entry);
        }
        return new Unsubscribe(() =>
        {
            lock (_subscribers)
            {
                _subscribers.Remove(entry);
            }
        });
    }

    private sealed class Unsubscribe(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}
