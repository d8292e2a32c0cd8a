using System.Reflection;
using System.Runtime.Loader;

namespace PluginRuntime.Core.Plugins;

/// <summary>
/// A collectible load context for one driver assembly. The SDK (and what it exposes) resolves to the host's copy,
/// so <c>Driver</c> and the capability interfaces have one identity; everything else the plugin needs resolves from
/// its own <c>.deps.json</c>. Assemblies are loaded from bytes, so their files can be replaced while loaded.
/// </summary>
internal sealed class DriverLoadContext : AssemblyLoadContext
{
    // Shared with the host: the contract assemblies whose types cross the plugin boundary.
    private static readonly HashSet<string> SharedAssemblies = new(StringComparer.OrdinalIgnoreCase)
    {
        "PluginRuntime.Sdk",
        "Microsoft.Extensions.Logging.Abstractions",
        "Microsoft.Extensions.DependencyInjection.Abstractions",
    };

    private readonly Func<AssemblyName, string?> _resolveAssembly;
    private readonly Func<string, string?> _resolveUnmanagedDll;

    public DriverLoadContext(string mainAssemblyPath, string name)
        : this(name, new AssemblyDependencyResolver(mainAssemblyPath))
    {
    }

    /// <summary>
    /// For code that has no file or <c>.deps.json</c> of its own (a compiled script): <paramref name="resolveAssembly"/>
    /// maps each dependency to the file to load, or null to use the host's copy.
    /// </summary>
    public DriverLoadContext(string name, Func<AssemblyName, string?> resolveAssembly)
        : base(name, isCollectible: true)
    {
        _resolveAssembly = resolveAssembly;
        _resolveUnmanagedDll = _ => null;
    }

    private DriverLoadContext(string name, AssemblyDependencyResolver resolver)
        : base(name, isCollectible: true)
    {
        _resolveAssembly = resolver.ResolveAssemblyToPath;
        _resolveUnmanagedDll = resolver.ResolveUnmanagedDllToPath;
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (assemblyName.Name is not null && SharedAssemblies.Contains(assemblyName.Name))
        {
            return null; // fall back to the host's copy
        }
        string? path = _resolveAssembly(assemblyName);
        return path is null ? null : LoadFromBytes(path);
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        string? path = _resolveUnmanagedDll(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }

    /// <summary>Loads an assembly (and its .pdb when present, for line numbers) from bytes, not from the file.</summary>
    public Assembly LoadFromBytes(string path)
    {
        byte[] image = FileReads.ReadAllBytesWithRetry(path);
        string pdbPath = Path.ChangeExtension(path, ".pdb");
        using var assemblyStream = new MemoryStream(image, writable: false);
        if (File.Exists(pdbPath))
        {
            using var pdbStream = new MemoryStream(FileReads.ReadAllBytesWithRetry(pdbPath), writable: false);
            return LoadFromStream(assemblyStream, pdbStream);
        }
        return LoadFromStream(assemblyStream);
    }
}
