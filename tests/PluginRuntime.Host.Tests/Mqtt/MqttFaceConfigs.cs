namespace PluginRuntime.Host.Tests.Mqtt;

/// <summary>Config fragments the MQTT face tests share (the host adds the org and the API keys).</summary>
internal static class MqttFaceConfigs
{
    /// <summary>A building with a level under it; sys-a sits on the level, so its building comes from the level's parent.</summary>
    public const string Zones = """
        zones:
          - { id: zone-bld, name: Building 1, tags: [building] }
          - { id: zone-lvl, name: Level 3, tags: [level], parent: zone-bld }

        """;

    public const string EchoDriver = """
        drivers:
          - { id: drv-echo, assembly: '{behaviours}', class: TestDrivers.Behaviours.EchoDriver }

        """;

    /// <summary>One Echo module in one system, the embedded broker on an OS-chosen port.</summary>
    public const string OneModule = Zones + EchoDriver + """
        modules:
          - { id: mod-echo, driver: drv-echo }
        systems:
          - { id: sys-a, name: Room A, zones: [zone-lvl], modules: [mod-echo] }

        """;

    public const string EmbeddedOnPortZero = "mqtt:\n  embedded: { port: 0 }\n";

    /// <summary>Where sys-a's Echo_1 publishes a status key.</summary>
    public static string SysA(string key) => $"placeos/org-test/state/zone-bld/zone-lvl/_/sys-a/drv-echo/Echo/1/{key}";

    public static string Metadata(string id) => $"placeos/org-test/metadata/{id}";

    public static string WithExternal(int port, string filters = "") =>
        $"mqtt:\n  embedded: {{ port: 0 }}\n  brokers: [ {{ name: ext, host: 127.0.0.1, port: {port}{filters} }} ]\n";
}
