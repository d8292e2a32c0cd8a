namespace PluginRuntime.Core.Tests.Support;

/// <summary>Finds the repository's build outputs that tests load as real plugins.</summary>
internal static class RepoPaths
{
    public static readonly string Root = FindRoot();

    public static string TestDriver(string project, string assembly) =>
        Existing(Path.Combine(Root, "artifacts", "test-drivers", project, assembly + ".dll"));

    public static string Behaviours => TestDriver("Behaviours", "TestDrivers.Behaviours");

    public static string ReloadableV1 => TestDriver("Reloadable.V1", "TestDrivers.Reloadable");

    public static string ReloadableV2 => TestDriver("Reloadable.V2", "TestDrivers.Reloadable");

    /// <summary>A plain library (no driver) that C# script tests reference with <c>#r</c>.</summary>
    public static string ScriptLibrary => TestDriver("ScriptLibrary", "TestDrivers.ScriptLibrary");

    private static string Existing(string path) => File.Exists(path)
        ? path
        : throw new FileNotFoundException($"Test driver '{path}' is missing: build the solution first (dotnet build PluginRuntime.sln).", path);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PluginRuntime.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Cannot find PluginRuntime.sln above " + AppContext.BaseDirectory);
    }
}
