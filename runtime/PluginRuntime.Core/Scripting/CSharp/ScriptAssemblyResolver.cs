using System.Reflection;

namespace PluginRuntime.Core.Scripting.CSharp;

/// <summary>
/// Finds, at run time, the files of the assemblies a script referenced with <c>#r</c>, and of their own dependencies
/// when those sit next to them. An assembly named by <c>#r</c> loads from that file, like a plugin's own dependency;
/// for anything else the framework and the host's assemblies win (null: use the host's copy), so a library folder that
/// happens to carry its own copy of, say, System.Text.Json does not load a second one.
/// </summary>
internal sealed class ScriptAssemblyResolver
{
    private static readonly Lazy<HashSet<string>> s_hostAssemblies = new(() =>
        ((AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string) ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(Path.GetFileNameWithoutExtension)
            .OfType<string>()
            .ToHashSet(StringComparer.OrdinalIgnoreCase));

    private readonly Dictionary<string, string> _referenced;
    private readonly string[] _folders;

    /// <param name="references">Each <c>#r</c> file with its assembly name.</param>
    public ScriptAssemblyResolver(IEnumerable<(string Path, string Name)> references)
    {
        _referenced = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (path, name) in references)
        {
            _referenced.TryAdd(name, path);
        }
        _folders = _referenced.Values.Select(p => Path.GetDirectoryName(p)!).Distinct(StringComparer.Ordinal).ToArray();
    }

    public string? Resolve(AssemblyName assemblyName)
    {
        if (assemblyName.Name is not { } name)
        {
            return null;
        }
        if (_referenced.TryGetValue(name, out string? path))
        {
            return path;
        }
        if (s_hostAssemblies.Value.Contains(name))
        {
            return null;
        }
        return _folders.Select(folder => Path.Combine(folder, name + ".dll")).FirstOrDefault(File.Exists);
    }
}
