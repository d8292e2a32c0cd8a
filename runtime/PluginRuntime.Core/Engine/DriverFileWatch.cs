namespace PluginRuntime.Core.Engine;

/// <summary>
/// Watches the files one driver's code comes from (an assembly, or a script and the files it pulls in) and calls
/// back once after any of them stops changing.
/// </summary>
internal sealed class DriverFileWatch : IDisposable
{
    private readonly List<DebouncedFileWatcher> _watchers = [];

    public DriverFileWatch(IReadOnlyList<string> files, TimeSpan quiet, Func<Task> onChanged)
    {
        Files = files;
        foreach (var file in files)
        {
            string? directory = Path.GetDirectoryName(file);
            if (directory is not null && Directory.Exists(directory))
            {
                _watchers.Add(new DebouncedFileWatcher(directory, Path.GetFileName(file), quiet, onChanged));
            }
        }
    }

    /// <summary>The watched files, in a stable order, for telling whether the set changed.</summary>
    public IReadOnlyList<string> Files { get; }

    public bool Watches(IReadOnlyList<string> files) => Files.SequenceEqual(files, StringComparer.Ordinal);

    public void Dispose()
    {
        foreach (var watcher in _watchers)
        {
            watcher.Dispose();
        }
    }
}
