using System.Text.Json.Nodes;
using PluginRuntime.Drivers.Resiot.Devices;

namespace PluginRuntime.Drivers.Resiot;

/// <summary>
/// The driver's settings, read and checked as a whole: a mistake anywhere is reported with the path of the setting
/// and what would be right, and the previous settings stay in force.
/// </summary>
internal sealed record ResiotSettings(
    string? AppEui,
    string Connector,
    TimeSpan DownlinkTimeout,
    TimeSpan DecoderTimeout,
    int MaxMessageBytes,
    int MaxDevices,
    string NodePath,
    string? DefaultProfile,
    IReadOnlyDictionary<string, DeviceProfile> Profiles,
    IReadOnlyDictionary<string, DeviceConfig> Devices,
    string? SpecFile)
{
    public const string Defaults = """
        {
          "connector": "",
          "downlink_timeout_seconds": 15,
          "decoder_timeout_ms": 1000,
          "max_message_bytes": 65536,
          "max_devices": 1000,
          "node": "node",
          "profiles": {},
          "devices": {}
        }
        """;

    /// <summary>Every setting the driver reads.</summary>
    public static readonly string[] Keys =
    [
        "app_eui", "connector", "downlink_timeout_seconds", "decoder_timeout_ms", "max_message_bytes", "max_devices", "node",
        "default_profile", "profiles", "devices", "spec_file",
    ];

    public DeviceProfile? ProfileFor(string devEui)
    {
        string? name = Devices.TryGetValue(devEui, out var device) && device.Profile is not null ? device.Profile : DefaultProfile;
        return name is not null && Profiles.TryGetValue(name, out var profile) ? profile : null;
    }

    /// <summary>Reads the merged settings; throws <see cref="FormatException"/> naming the bad setting.</summary>
    public static ResiotSettings Read(JsonObject root)
    {
        var profiles = ReadProfiles(root["profiles"]);
        var devices = ReadDevices(root["devices"], profiles);
        string? defaultProfile = OptionalText(root, "default_profile");
        if (defaultProfile is not null && !profiles.ContainsKey(defaultProfile))
        {
            throw new FormatException($"default_profile names '{defaultProfile}', which is not in profiles ({Names(profiles)}).");
        }
        string? appEui = OptionalText(root, "app_eui");
        if (appEui is not null)
        {
            appEui = Eui(appEui, "app_eui");
        }
        return new ResiotSettings(
            appEui,
            OptionalText(root, "connector") ?? "",
            TimeSpan.FromSeconds(Number(root, "downlink_timeout_seconds", 15, 0.1, 3600)),
            TimeSpan.FromMilliseconds(Number(root, "decoder_timeout_ms", 1000, 1, 60_000)),
            (int)Number(root, "max_message_bytes", 65536, 1024, 16 * 1024 * 1024),
            (int)Number(root, "max_devices", 1000, 1, 100_000),
            OptionalText(root, "node") ?? "node",
            defaultProfile,
            profiles,
            devices,
            OptionalText(root, "spec_file"));
    }

    private static Dictionary<string, DeviceProfile> ReadProfiles(JsonNode? node)
    {
        var profiles = new Dictionary<string, DeviceProfile>(StringComparer.Ordinal);
        foreach (var (name, value) in Object(node, "profiles"))
        {
            var profile = value as JsonObject ?? throw new FormatException($"profiles.{name} should be an object like {{\"decoder\": \"cayenne_lpp\"}}.");
            string where = $"profiles.{name}";
            var kind = (OptionalText(profile, "decoder", where) ?? "none") switch
            {
                "cayenne_lpp" or "lpp" => DecoderKind.CayenneLpp,
                "javascript" or "js" => DecoderKind.JavaScript,
                "none" => DecoderKind.None,
                var other => throw new FormatException($"{where}.decoder is '{other}'; use cayenne_lpp, javascript or none."),
            };
            string? script = OptionalText(profile, "script", where);
            string? scriptFile = OptionalText(profile, "script_file", where);
            if (kind == DecoderKind.JavaScript)
            {
                if ((script is null) == (scriptFile is null))
                {
                    throw new FormatException($"{where} uses the javascript decoder: give exactly one of 'script' (the source) or 'script_file' (a path).");
                }
                if (scriptFile is not null)
                {
                    try
                    {
                        script = File.ReadAllText(scriptFile);
                    }
                    catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                    {
                        throw new FormatException($"{where}.script_file '{scriptFile}' cannot be read: {ex.Message}");
                    }
                }
            }
            var ports = new HashSet<int>();
            if (profile["ports"] is { } portList)
            {
                foreach (var port in portList as JsonArray ?? throw new FormatException($"{where}.ports should be a list of FPorts, like [1, 2]."))
                {
                    ports.Add(port is JsonValue v && v.TryGetValue(out int p) && p is >= 0 and <= 255
                        ? p
                        : throw new FormatException($"{where}.ports should hold FPorts from 0 to 255, but holds {port?.ToJsonString() ?? "null"}."));
                }
            }
            var units = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, unit) in Object(profile["units"], $"{where}.units"))
            {
                units[key] = unit is JsonValue u && u.TryGetValue(out string? text) ? text : throw new FormatException($"{where}.units.{key} should be a string like \"°C\".");
            }
            profiles[name] = new DeviceProfile(name, kind, script, ports, units);
        }
        return profiles;
    }

    private static Dictionary<string, DeviceConfig> ReadDevices(JsonNode? node, Dictionary<string, DeviceProfile> profiles)
    {
        var devices = new Dictionary<string, DeviceConfig>(StringComparer.Ordinal);
        foreach (var (key, value) in Object(node, "devices"))
        {
            string devEui = Eui(key, $"devices key '{key}'");
            var device = value as JsonObject ?? throw new FormatException($"devices.{key} should be an object like {{\"profile\": \"climate\", \"name\": \"Boardroom\"}}.");
            string where = $"devices.{key}";
            string? profile = OptionalText(device, "profile", where);
            if (profile is not null && !profiles.ContainsKey(profile))
            {
                throw new FormatException($"{where}.profile names '{profile}', which is not in profiles ({Names(profiles)}).");
            }
            string? appEui = OptionalText(device, "app_eui", where);
            devices[devEui] = new DeviceConfig(devEui, OptionalText(device, "name", where), profile, appEui is null ? null : Eui(appEui, $"{where}.app_eui"));
        }
        return devices;
    }

    /// <summary>A 64-bit EUI: 16 hex digits, kept lower-case so the platform's mixed case finds the same device.</summary>
    public static string Eui(string text, string what) =>
        text.Length == 16 && text.All(char.IsAsciiHexDigit)
            ? text.ToLowerInvariant()
            : throw new FormatException($"{what} should be an EUI of 16 hex digits, but is '{text}'.");

    private static IEnumerable<KeyValuePair<string, JsonNode?>> Object(JsonNode? node, string where) => node switch
    {
        null => [],
        JsonObject obj => obj,
        _ => throw new FormatException($"{where} should be an object, but is {node.ToJsonString()}."),
    };

    private static string? OptionalText(JsonObject obj, string key, string? where = null) => obj[key] switch
    {
        null => null,
        JsonValue v when v.TryGetValue(out string? text) => text,
        var other => throw new FormatException($"{(where is null ? key : $"{where}.{key}")} should be a string, but is {other.ToJsonString()}."),
    };

    private static double Number(JsonObject obj, string key, double fallback, double min, double max)
    {
        if (obj[key] is null)
        {
            return fallback;
        }
        return obj[key] is JsonValue v && v.TryGetValue(out double value) && value >= min && value <= max
            ? value
            : throw new FormatException($"{key} should be a number from {min} to {max}, but is {obj[key]!.ToJsonString()}.");
    }

    private static string Names(Dictionary<string, DeviceProfile> profiles) =>
        profiles.Count == 0 ? "none are defined" : string.Join(", ", profiles.Keys);
}
