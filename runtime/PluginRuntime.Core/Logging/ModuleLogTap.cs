using System.Collections.Concurrent;

namespace PluginRuntime.Core.Logging;

/// <summary>
/// Live watchers of modules' logs. While a module has a watcher, its logger is enabled at every level (debug
/// included) and forwards each entry; when the last watcher leaves, the module logs at the normal level again.
/// </summary>
internal sealed class ModuleLogTap
{
    private readonly ConcurrentDictionary<string, Action<ModuleLogEntry>[]> _watchers = new(StringComparer.Ordinal);

    public bool IsWatched(string moduleId) => _watchers.ContainsKey(moduleId);

    public IDisposable Watch(string moduleId, Action<ModuleLogEntry> watcher)
    {
        _watchers.AddOrUpdate(moduleId, _ => [watcher], (_, list) => [.. list, watcher]);
        return new State.Unsubscriber(() =>
        {
            while (_watchers.TryGetValue(moduleId, out var list))
            {
                var remaining = list.Where(w => w != watcher).ToArray();
                bool done = remaining.Length == 0
                    ? _watchers.TryRemove(new KeyValuePair<string, Action<ModuleLogEntry>[]>(moduleId, list))
                    : _watchers.TryUpdate(moduleId, remaining, list);
                if (done) return;
            }
        });
    }

    public void Publish(ModuleLogEntry entry)
    {
        if (!_watchers.TryGetValue(entry.ModuleId, out var list))
        {
            return;
        }
        foreach (var watcher in list)
        {
            try
            {
                watcher(entry);
            }
            catch
            {
                // A watcher (a websocket client) going away must not disturb the module that is logging.
            }
        }
    }
}
