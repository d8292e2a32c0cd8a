using System.Collections.Concurrent;

namespace PluginRuntime.Host.Realtime;

/// <summary>The open real-time connections: closed politely when the host stops, and visible to tests.</summary>
internal sealed class ConnectionRegistry
{
    private readonly ConcurrentDictionary<long, RealtimeConnection> _live = new();
    private readonly Dictionary<string, int> _perCaller = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public IReadOnlyCollection<RealtimeConnection> Live => [.. _live.Values];

    public void Add(RealtimeConnection connection) => _live[connection.Id] = connection;

    public void Remove(RealtimeConnection connection) => _live.TryRemove(connection.Id, out _);

    /// <summary>Takes one of <paramref name="caller"/>'s connection places, unless it already has <paramref name="max"/>.</summary>
    public bool TryReserve(string caller, int max)
    {
        lock (_lock)
        {
            int open = _perCaller.GetValueOrDefault(caller);
            if (open >= max)
            {
                return false;
            }
            _perCaller[caller] = open + 1;
            return true;
        }
    }

    /// <summary>Gives back a place taken by <see cref="TryReserve"/>.</summary>
    public void Release(string caller)
    {
        lock (_lock)
        {
            if (_perCaller.TryGetValue(caller, out int open))
            {
                if (open <= 1)
                {
                    _perCaller.Remove(caller);
                }
                else
                {
                    _perCaller[caller] = open - 1;
                }
            }
        }
    }

    public void CloseAll(string reason)
    {
        foreach (var connection in _live.Values)
        {
            connection.RequestClose(reason);
        }
    }
}
