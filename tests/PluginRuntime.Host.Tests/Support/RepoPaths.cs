namespace PluginRuntime.Host.Tests.Support;

/// <summary>Finds the test driver builds that the host loads as real plugins.</summary>
internal static class RepoPaths
{
    public static readonly string Root = FindRoot();

    public static string Behaviours => TestDriver("Behaviours", "TestDrivers.Behaviours");

    public static string ReloadableV1 => TestDriver("Reloadable.V1", "TestDrivers.Reloadable");

    public static string ReloadableV2 => TestDriver("Reloadable.V2", "TestDrivers.Reloadable");

    private static string TestDriver(string project, string assembly)
    {
        string path = Path.Combine(Root, "artifacts", "test-drivers", project, assembly + ".dll");
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"Test driver '{path}' is missing: build the test project (it builds the drivers) first.", path);
    }

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
