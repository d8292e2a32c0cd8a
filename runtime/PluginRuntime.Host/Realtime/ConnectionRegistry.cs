using System.Collections.Concurrent;

namespace PluginRuntime.Host.Realtime;

/// <summary>The open real-time connections: closed politely when the host stops, and visible to tests.</summary>
internal sealed class ConnectionRegistry
{
    private readonly ConcurrentDictionary<long, RealtimeConnection> _live = new();

    public IReadOnlyCollection<RealtimeConnection> Live => [.. _live.Values];

    public void Add(RealtimeConnection connection) => _live[connection.Id] = connection;

    public void Remove(RealtimeConnection connection) => _live.TryRemove(connection.Id, out _);

    public void CloseAll(string reason)
    {
        foreach (var connection in _live.Values)
        {
            connection.RequestClose(reason);
        }
    }
}
