using PluginRuntime.Sdk;
using PluginRuntime.Sdk.Metadata;

namespace PluginRuntime.Core.Plugins;

/// <summary>
/// One load of a driver's code: its type, its description, and the context that owns them. Everything here pins
/// the plugin in memory, so the runtime drops its references before unloading the context.
/// </summary>
internal sealed class LoadedDriver(string driverId, string sourcePath, DriverDescriptor descriptor, DriverLoadContext? context, int generation,
    Func<Driver>? factory = null)
{
    public string DriverId { get; } = driverId;

    public string SourcePath { get; } = sourcePath;

    public DriverDescriptor Descriptor { get; } = descriptor;

    /// <summary>Null for drivers from the host's own context (tests, benchmarks), which never unload.</summary>
    public DriverLoadContext? Context { get; } = context;

    /// <summary>Counts the loads of this driver id, so logs can tell old code from new.</summary>
    public int Generation { get; } = generation;

    /// <summary>
    /// Files whose change means this driver must load again (the source and what it pulls in, e.g. a script's
    /// <c>#load</c>s); empty means just <see cref="SourcePath"/>.
    /// </summary>
    public IReadOnlyList<string> WatchedFiles { get; init; } = [];

    /// <summary>
    /// Releases what the load holds besides its code (a script host's child process); run once when the engine
    /// retires this load, after its modules stopped.
    /// </summary>
    public Action? OnRetired { get; init; }

    private int _retired;

    /// <summary>Runs <see cref="OnRetired"/> once.</summary>
    public void Retire()
    {
        if (Interlocked.Exchange(ref _retired, 1) == 0)
        {
            OnRetired?.Invoke();
        }
    }

    /// <summary>Creates a driver instance (a script host's factory, or the class's constructor, whose exception comes out as it is).</summary>
    public Driver CreateInstance() => factory is not null ? factory() : (Driver)Activator.CreateInstance(Descriptor.DriverType,
        System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.DoNotWrapExceptions,
        binder: null, args: null, culture: null)!;
}
