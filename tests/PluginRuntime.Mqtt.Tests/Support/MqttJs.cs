namespace PluginRuntime.Mqtt.Tests.Support;

/// <summary>Locates and starts the MQTT.js peer (npm package mqtt, installed under Interop/mqttjs).</summary>
internal static class MqttJs
{
    public static string PeerDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "Interop", "mqttjs");
            if (File.Exists(Path.Combine(candidate, "peer.mjs")))
                return RequireInstalled(candidate);
            candidate = Path.Combine(dir.FullName, "tests", "PluginRuntime.Mqtt.Tests", "Interop", "mqttjs");
            if (File.Exists(Path.Combine(candidate, "peer.mjs")))
                return RequireInstalled(candidate);
        }
        throw new InvalidOperationException("Could not find tests/PluginRuntime.Mqtt.Tests/Interop/mqttjs/peer.mjs above " + AppContext.BaseDirectory);
    }

    public static PeerProcess Start(int port, MqttProtocolVersion version)
    {
        var dir = PeerDirectory();
        return PeerProcess.Start("node", Path.Combine(dir, "peer.mjs"), port.ToString(System.Globalization.CultureInfo.InvariantCulture), ((int)version).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Runs one conformance scenario of Interop/mqttjs/scenarios.mjs against the broker on <paramref name="port"/>.</summary>
    public static PeerProcess StartScenario(int port, MqttProtocolVersion version, string scenario)
    {
        var dir = PeerDirectory();
        return PeerProcess.Start("node", Path.Combine(dir, "scenarios.mjs"), port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ((int)version).ToString(System.Globalization.CultureInfo.InvariantCulture), scenario);
    }

    private static string RequireInstalled(string dir)
    {
        if (!File.Exists(Path.Combine(dir, "node_modules", "mqtt", "package.json")))
            throw new InvalidOperationException(
                $"MQTT.js is not installed for the interop tests. Install Debian 'nodejs' and 'npm', then run: npm ci --prefix {dir}");
        return dir;
    }
}
