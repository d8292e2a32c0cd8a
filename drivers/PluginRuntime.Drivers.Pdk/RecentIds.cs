namespace PluginRuntime.Drivers.Pdk;

/// <summary>
/// Remembers the last <c>capacity</c> event ids, so an event delivered twice (a replay after a token renewal, a
/// reconnect) is applied once. Not thread-safe: used under the driver's apply lock.
/// </summary>
internal sealed class RecentIds(int capacity)
{
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    /// <summary>True the first time an id is seen.</summary>
    public bool Add(string id)
    {
        if (!_seen.Add(id))
        {
            return false;
        }
        _order.Enqueue(id);
        if (_order.Count > capacity)
        {
            _seen.Remove(_order.Dequeue());
        }
        return true;
    }
}
