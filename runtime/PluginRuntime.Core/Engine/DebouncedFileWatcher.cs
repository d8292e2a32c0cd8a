namespace PluginRuntime.Core.Engine;

/// <summary>
/// Watches files and calls back once after they stop changing for a quiet period: a build or an editor writes a
/// file several times, and the runtime should react once, to the finished file. Real time on purpose: file events
/// come from the real world.
/// </summary>
internal sealed class DebouncedFileWatcher : IDisposable
{
    private readonly FileSystemWatcher _watcher;
    private readonly ITimer _timer;
    private readonly TimeSpan _quiet;

    public DebouncedFileWatcher(string directory, string filter, TimeSpan quiet, Func<Task> onChanged)
    {
        _quiet = quiet;
        _timer = TimeProvider.System.CreateTimer(_ => _ = onChanged(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _watcher = new FileSystemWatcher(directory, filter)
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        _watcher.Changed += (_, _) => Poke();
        _watcher.Created += (_, _) => Poke();
        _watcher.Deleted += (_, _) => Poke();
        _watcher.Renamed += (_, _) => Poke();
        _watcher.EnableRaisingEvents = true;
    }

    private void Poke() => _timer.Change(_quiet, Timeout.InfiniteTimeSpan);

    public void Dispose()
    {
        _watcher.Dispose();
        _timer.Dispose();
    }
}
