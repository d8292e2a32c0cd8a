namespace PluginRuntime.Host.Tests.Support;

/// <summary>Finds the repository and the test driver build outputs the REST and auth tests load as real plugins.</summary>
internal static class RestTestPaths
{
    public static readonly string Root = FindRoot();

    public static string Behaviours => Existing(Path.Combine(Root, "artifacts", "test-drivers", "Behaviours", "TestDrivers.Behaviours.dll"));

    public static string DemoConfig => Path.Combine(Root, "config", "demo");

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
