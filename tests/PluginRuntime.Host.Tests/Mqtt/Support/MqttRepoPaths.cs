namespace PluginRuntime.Host.Tests.Mqtt.Support;

/// <summary>Files of the repository the MQTT face tests load: the Behaviours test driver and the MQTT.js install.</summary>
internal static class MqttRepoPaths
{
    public static readonly string Root = FindRoot();

    public static string Behaviours => Existing(Path.Combine(Root, "artifacts", "test-drivers", "Behaviours", "TestDrivers.Behaviours.dll"),
        "build the solution first (dotnet build PluginRuntime.sln)");

    /// <summary>The MQTT.js package installed for the MQTT interop tests (one install serves both test projects).</summary>
    public static string MqttJsPackage => Path.GetDirectoryName(Existing(
        Path.Combine(Root, "tests", "PluginRuntime.Mqtt.Tests", "Interop", "mqttjs", "node_modules", "mqtt", "package.json"),
        "run scripts/install-test-deps.sh (npm ci --prefix tests/PluginRuntime.Mqtt.Tests/Interop/mqttjs)"))!;

    public static string Peer(string name) => Existing(Path.Combine(AppContext.BaseDirectory, "Mqtt", "Peers", name), "the test project copies Mqtt/Peers to its output");

    private static string Existing(string path, string fix) =>
        File.Exists(path) ? path : throw new FileNotFoundException($"'{path}' is missing: {fix}.", path);

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
