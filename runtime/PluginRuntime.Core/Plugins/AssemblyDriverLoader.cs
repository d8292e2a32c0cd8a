using System.Reflection;
using System.Runtime.CompilerServices;
using PluginRuntime.Sdk;
using PluginRuntime.Sdk.Metadata;

namespace PluginRuntime.Core.Plugins;

/// <summary>Loads a compiled driver assembly into its own collectible context and finds its driver class.</summary>
internal sealed class AssemblyDriverLoader
{
    private int _generation;

    /// <summary>
    /// Loads <paramref name="assemblyPath"/> and describes the driver class named <paramref name="className"/>, or the
    /// only driver class in the assembly when no name is given.
    /// </summary>
    /// <exception cref="DriverLoadException">The file is missing or invalid, or the class can't be found or used.</exception>
    public LoadedDriver Load(string driverId, string assemblyPath, string? className)
    {
        if (!File.Exists(assemblyPath))
        {
            throw new DriverLoadException(
                $"Driver '{driverId}': assembly '{assemblyPath}' does not exist. Build the driver project (dotnet build) or fix the path.");
        }
        int generation = Interlocked.Increment(ref _generation);
        var context = new DriverLoadContext(assemblyPath, $"{driverId}#{generation}");
        try
        {
            var assembly = context.LoadFromBytes(assemblyPath);
            var type = FindDriverType(driverId, assembly, className);
            return new LoadedDriver(driverId, assemblyPath, DriverDescriptor.Describe(type), context, generation);
        }
        catch (Exception ex)
        {
            context.Unload();
            if (ex is DriverLoadException) throw;
            string reason = ex is DriverDefinitionException or BadImageFormatException or FileLoadException
                ? ex.Message
                : $"{ex.GetType().Name}: {ex.Message}";
            throw new DriverLoadException($"Driver '{driverId}': cannot load '{assemblyPath}': {reason}", ex);
        }
    }

    /// <summary>The driver class named <paramref name="className"/>, or the only one when no name is given.</summary>
    /// <exception cref="DriverLoadException">No such class, none, or several to choose from.</exception>
    internal static Type FindDriverType(string driverId, Assembly assembly, string? className)
    {
        Type[] types;
        try
        {
            types = assembly.GetExportedTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            string missing = string.Join("; ", ex.LoaderExceptions.Select(e => e?.Message).Distinct());
            throw new DriverLoadException($"Driver '{driverId}': types in '{assembly.GetName().Name}' could not load: {missing}", ex);
        }
        var drivers = types.Where(t => typeof(Driver).IsAssignableFrom(t) && !t.IsAbstract).ToArray();
        if (className is not null)
        {
            return drivers.FirstOrDefault(t => t.FullName == className || t.Name == className)
                ?? throw new DriverLoadException(
                    $"Driver '{driverId}': class '{className}' is not a driver in '{assembly.GetName().Name}'. " +
                    $"Driver classes there: {Describe(drivers)}.");
        }
        return drivers.Length switch
        {
            1 => drivers[0],
            0 => throw new DriverLoadException(
                $"Driver '{driverId}': '{assembly.GetName().Name}' has no public class deriving from PluginRuntime.Sdk.Driver."),
            _ => throw new DriverLoadException(
                $"Driver '{driverId}': '{assembly.GetName().Name}' has several driver classes ({Describe(drivers)}); " +
                "name one with 'class:' in the driver's config."),
        };
    }

    private static string Describe(Type[] types) => types.Length == 0 ? "none" : string.Join(", ", types.Select(t => t.FullName));

    /// <summary>
    /// Starts unloading a driver's context and returns a weak reference to it for <see cref="WaitForCollectionAsync"/>.
    /// The caller must drop every reference to the driver's types and instances (including <paramref name="driver"/>
    /// itself) before waiting, or the context stays alive. Null for drivers that live in the host's own context.
    /// </summary>
    public static WeakReference? BeginUnload(LoadedDriver driver)
    {
        driver.Retire();
        return driver.Context is null ? null : StartUnload(driver.Context);
    }

    /// <summary>Collects garbage until the context is gone or <paramref name="patience"/> runs out; true when collected.</summary>
    public static async Task<bool> WaitForCollectionAsync(WeakReference? unloading, TimeSpan patience)
    {
        if (unloading is null)
        {
            return true;
        }
        var deadline = DateTime.UtcNow + patience;
        while (unloading.IsAlive && DateTime.UtcNow < deadline)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            // Unload finishes on the finalizer thread, and some runtime caches expire on a timer: give them a moment.
            await Task.Delay(50).ConfigureAwait(false);
        }
        return !unloading.IsAlive;
    }

    // Kept out of line so no local in the caller's frame keeps the context reachable.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference StartUnload(DriverLoadContext context)
    {
        var weak = new WeakReference(context, trackResurrection: false);
        context.Unload();
        return weak;
    }
}
