namespace PluginRuntime.Drivers.Resiot.Tests.Support;

/// <summary>Where the things the tests run live: the simulator, the built host and the built driver plugin.</summary>
internal static class RepoPaths
{
    public static readonly string Root = FindRoot();

    public static string Simulator => Path.Combine(Root, "simulators", "resiot", "resiot-peer.js");

    public static string SimulatorModules => Path.Combine(Root, "simulators", "resiot", "node_modules", "ws");

    public static string DriverAssembly => Existing(Path.Combine(Root, "artifacts", "drivers", "PluginRuntime.Drivers.Resiot", "PluginRuntime.Drivers.Resiot.dll"));

    /// <summary>The host built in the same configuration as these tests (Debug or Release).</summary>
    public static string HostAssembly
    {
        get
        {
            string configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
            return Existing(Path.Combine(Root, "runtime", "PluginRuntime.Host", "bin", configuration, "net10.0", "PluginRuntime.Host.dll"));
        }
    }

    private static string Existing(string path) => File.Exists(path)
        ? path
        : throw new FileNotFoundException($"'{path}' is missing: build the solution first (dotnet build PluginRuntime.sln).", path);

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
