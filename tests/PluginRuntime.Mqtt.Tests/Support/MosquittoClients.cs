namespace PluginRuntime.Mqtt.Tests.Support;

/// <summary>Command lines for mosquitto_sub / mosquitto_pub against a broker on 127.0.0.1.</summary>
internal static class MosquittoClients
{
    public const string MessagePrefix = "MSG|";

    public static string VersionArgument(MqttProtocolVersion version) => version == MqttProtocolVersion.V500 ? "mqttv5" : "mqttv311";

    /// <summary>
    /// Starts mosquitto_sub in debug mode; wait for <see cref="WaitSubscribedAsync"/> before publishing. Messages
    /// print as "MSG|topic|payload|qos|retain".
    /// </summary>
    public static PeerProcess Subscribe(int port, MqttProtocolVersion version, int qos, params string[] extra)
    {
        string[] args = ["-h", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-V", VersionArgument(version),
            "-q", qos.ToString(System.Globalization.CultureInfo.InvariantCulture), "-d", "-F", MessagePrefix + "%t|%p|%q|%r", .. extra];
        return PeerProcess.Start("mosquitto_sub", args);
    }

    public static Task WaitSubscribedAsync(PeerProcess sub) => sub.WaitForLineAsync("received SUBACK", "mosquitto_sub to receive its SUBACK");

    public static async Task<string[]> NextMessageAsync(PeerProcess sub, string waitingFor)
    {
        var line = await sub.WaitForLineAsync(MessagePrefix, waitingFor);
        return line[MessagePrefix.Length..].Split('|');
    }

    public static async Task PublishAsync(int port, MqttProtocolVersion version, string topic, string? message, int qos = 0, bool retain = false, params string[] extra)
    {
        var args = new List<string> { "-h", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-V", VersionArgument(version),
            "-t", topic, "-q", qos.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (message is null)
            args.Add("-n");
        else
            args.AddRange(["-m", message]);
        if (retain)
            args.Add("-r");
        args.AddRange(extra);
        await using var pub = PeerProcess.Start("mosquitto_pub", [.. args]);
        var exit = await pub.WaitForExitAsync($"mosquitto_pub to '{topic}' to finish");
        Assert.True(exit == 0, $"mosquitto_pub exited with {exit}: {pub.Output}");
    }
}
