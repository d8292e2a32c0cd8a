namespace PluginRuntime.Core.Scripting.CSharp;

/// <summary>
/// Finds the assemblies scripts compile against: the reference pack that the .NET SDK installs next to the running
/// runtime (<c>packs/Microsoft.NETCore.App.Ref/&lt;version&gt;/ref/net10.0</c>), which is what a project build uses; or,
/// on a machine with only the runtime, the runtime's own assemblies (they compile the same code, with less precise
/// errors for APIs that are not meant to be called).
/// </summary>
internal static class ReferencePack
{
    /// <summary>The framework assembly files and a word on where they came from, for the log.</summary>
    public static (IReadOnlyList<string> Files, string Origin) Locate()
    {
        string runtimeFolder = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        if (FindPackFolder(runtimeFolder) is { } pack)
        {
            return (Directory.GetFiles(pack, "*.dll").Order(StringComparer.Ordinal).ToArray(), $"reference pack {pack}");
        }
        return (RuntimeAssemblies(runtimeFolder), $"runtime assemblies in {runtimeFolder} (no reference pack found)");
    }

    // <dotnet>/shared/Microsoft.NETCore.App/<version>/ → <dotnet>/packs/Microsoft.NETCore.App.Ref/<version>/ref/net<major>.<minor>/
    private static string? FindPackFolder(string runtimeFolder)
    {
        var runtime = new DirectoryInfo(runtimeFolder);
        string? dotnetRoot = runtime.Parent?.Parent?.FullName;
        if (dotnetRoot is null || !Version.TryParse(runtime.Name.Split('-')[0], out var runtimeVersion))
        {
            return null;
        }
        string packs = Path.Combine(dotnetRoot, "packs", "Microsoft.NETCore.App.Ref");
        if (!Directory.Exists(packs))
        {
            return null;
        }
        string tfm = $"net{runtimeVersion.Major}.{runtimeVersion.Minor}";
        // The exact version if the SDK has it, else the newest pack of the same major.minor (a runtime patch ahead of the SDK).
        var candidates = Directory.GetDirectories(packs)
            .Select(folder => (Folder: folder, Version: Version.TryParse(Path.GetFileName(folder).Split('-')[0], out var v) ? v : null))
            .Where(c => c.Version is not null && c.Version.Major == runtimeVersion.Major && c.Version.Minor == runtimeVersion.Minor)
            .OrderByDescending(c => c.Version == runtimeVersion)
            .ThenByDescending(c => c.Version)
            .Select(c => Path.Combine(c.Folder, "ref", tfm))
            .Where(folder => File.Exists(Path.Combine(folder, "System.Runtime.dll")));
        return candidates.FirstOrDefault();
    }

    private static string[] RuntimeAssemblies(string runtimeFolder)
    {
        string trusted = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? "";
        return trusted.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(file => string.Equals(Path.GetDirectoryName(file), runtimeFolder, StringComparison.Ordinal))
            .Where(file => !Path.GetFileName(file).StartsWith("Microsoft.DiaSymReader", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToArray();
    }
}
