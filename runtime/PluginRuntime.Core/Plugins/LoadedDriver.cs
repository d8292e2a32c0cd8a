using PluginRuntime.Sdk;
using PluginRuntime.Sdk.Metadata;

namespace PluginRuntime.Core.Plugins;

/// <summary>
/// One load of a driver's code: its type, its description, and the context that owns them. Everything here pins
/// the plugin in memory, so the runtime drops its references before unloading the context.
/// </summary>
internal sealed class LoadedDriver(string driverId, string sourcePath, DriverDescriptor descriptor, DriverLoadContext? context, int generation)
{
    public string DriverId { get; } = driverId;

    public string SourcePath { get; } = sourcePath;

    public DriverDescriptor Descriptor { get; } = descriptor;

    /// <summary>Null for drivers from the host's own context (tests, benchmarks), which never unload.</summary>
    public DriverLoadContext? Context { get; } = context;

    /// <summary>Counts the loads of this driver id, so logs can tell old code from new.</summary>
    public int Generation { get; } = generation;

    /// <summary>Runs the driver's constructor; its exception comes out as it is, not wrapped.</summary>
    public Driver CreateInstance() => (Driver)Activator.CreateInstance(Descriptor.DriverType,
        System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.DoNotWrapExceptions,
        binder: null, args: null, culture: null)!;
}
