using System.Net;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace PluginRuntime.Core.Config;

/// <summary>
/// Reads the <c>mqtt:</c> and <c>privacy_filters:</c> sections for <see cref="ConfigLoader"/>, reporting errors into
/// its list with positions, and checks filter names across files once every file is read.
/// </summary>
/// <remarks>A class of its own so the MQTT face's config evolves without touching the loader's other sections.</remarks>
internal sealed class MqttConfigReader(ICollection<ConfigError> errors)
{
    public const string MqttSection = "mqtt";
    public const string PrivacyFiltersSection = "privacy_filters";
    public const int MinHashKeyLength = 16;

    /// <summary>A pattern that backtracks catastrophically on some value must not stall publishing for everyone.</summary>
    public static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(100);

    private static readonly string[] MqttKeys = ["embedded", "brokers"];
    private static readonly string[] EmbeddedKeys = ["enabled", "port", "address", "websocket", "filters"];
    private static readonly string[] BrokerKeys = ["name", "host", "port", "tls", "username", "password", "version", "filters"];
    private static readonly string[] FilterKeys = ["name", "pattern", "action", "key"];

    private readonly List<MqttBrokerConfig> _brokers = [];
    private readonly List<PrivacyFilterConfig> _filters = [];
    private readonly Dictionary<string, SourceLocation> _filterNames = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SourceLocation> _brokerNames = new(StringComparer.Ordinal);
    private readonly List<(string Subject, LocatedString Name)> _filterReferences = [];
    private EmbeddedMqttConfig _embedded = EmbeddedMqttConfig.Default;
    private SourceLocation? _mqttDeclaredAt;

    /// <summary>The <c>mqtt:</c> section as read (the default when no file has one).</summary>
    public MqttConfig Mqtt => new(_embedded, [.. _brokers]);

    public IReadOnlyList<PrivacyFilterConfig> PrivacyFilters => _filters;

    /// <summary>Reads this file's <c>mqtt:</c> and <c>privacy_filters:</c> sections, if it has them.</summary>
    public void Read(MappingReader top)
    {
        if (top.Value(MqttSection) is { } mqtt)
        {
            ReadMqtt(top, mqtt);
        }
        top.ForEachEntry(PrivacyFiltersSection, "- { name: emails, pattern: '[^@\\s]+@[^@\\s]+', action: hash, key: <secret> }",
            "privacy filter entry", FilterKeys, ReadFilter);
    }

    /// <summary>Reports target filter lists naming filters no file declares. Call after every file was read.</summary>
    public void CheckReferences()
    {
        foreach (var (subject, name) in _filterReferences)
        {
            if (_filterNames.ContainsKey(name.Value))
            {
                continue;
            }
            var suggestion = KeySuggester.Suggest(name.Value, _filterNames.Keys);
            errors.Add(new ConfigError(name.Location, $"{subject}: filter '{name.Value}' is not a declared privacy filter; " +
                (suggestion is not null ? $"did you mean '{suggestion}'?" : $"declare it under '{PrivacyFiltersSection}:' or fix the name")));
        }
    }

    private void ReadMqtt(MappingReader top, YamlNode node)
    {
        if (node is not YamlMappingNode mapping)
        {
            top.Error(node, "'mqtt' must be a mapping, e.g. `mqtt: { embedded: { port: 1883 }, brokers: [] }`");
            return;
        }
        var r = new MappingReader(mapping, top.File, "mqtt", MqttKeys, errors);
        if (_mqttDeclaredAt is { } first)
        {
            r.Error(r.Location, $"a second 'mqtt' section is declared; it is already declared at {first}. Keep one");
            return;
        }
        _mqttDeclaredAt = r.Location;
        r.ReportUnknownKeys("in mqtt");
        if (r.Value("embedded") is { } embedded)
        {
            if (embedded is YamlMappingNode embeddedMapping)
            {
                ReadEmbedded(new MappingReader(embeddedMapping, top.File, "mqtt embedded", EmbeddedKeys, errors));
            }
            else
            {
                r.Error(embedded, "mqtt: 'embedded' must be a mapping, e.g. `embedded: { enabled: true, port: 1883, websocket: true }`");
            }
        }
        if (r.Value("brokers") is not { } brokers)
        {
            return;
        }
        if (brokers is not YamlSequenceNode list)
        {
            r.Error(brokers, "mqtt: 'brokers' must be a list of entries, each starting with '-' (e.g. `- { name: cloud, host: mqtt.example.com }`)");
            return;
        }
        foreach (var item in list.Children)
        {
            if (item is YamlMappingNode entry)
            {
                ReadBroker(new MappingReader(entry, top.File, "mqtt broker entry", BrokerKeys, errors));
            }
            else
            {
                r.Error(item, "each entry of mqtt 'brokers' must be a mapping with at least a name and a host");
            }
        }
    }

    private void ReadEmbedded(MappingReader r)
    {
        r.ReportUnknownKeys("in mqtt embedded");
        var enabled = r.Bool("enabled");
        var port = r.Int("port", "a whole number from 0 to 65535");
        var address = r.Text("address");
        var websocket = r.Bool("websocket");
        var filters = ReadFilterNames(r);
        if (port is < 0 or > 65535)
        {
            r.Error(r.LocationOf("port"), $"mqtt embedded: port {port} is out of range; use a port from 1 to 65535, or 0 to let the OS choose");
        }
        if (address is not null && !IPAddress.TryParse(address.Value, out _))
        {
            r.Error(address.Location, $"mqtt embedded: address '{address.Value}' is not an IP address; write e.g. `address: 0.0.0.0` " +
                                      "to accept clients from the network, or leave it out for loopback only");
        }
        if (r.ErrorCount == 0)
        {
            _embedded = new EmbeddedMqttConfig(enabled ?? true, port ?? EmbeddedMqttConfig.DefaultPort,
                address?.Value ?? EmbeddedMqttConfig.DefaultAddress, websocket ?? true, filters);
        }
    }

    private void ReadBroker(MappingReader r)
    {
        var name = r.RequiredText("name", "add a unique name, e.g. `name: cloud`");
        if (name is not null)
        {
            r.Subject = $"mqtt broker '{name.Value}'";
            if (_brokerNames.TryGetValue(name.Value, out var first))
            {
                r.Error(name.Location, $"duplicate mqtt broker name '{name.Value}': it is already declared at {first}; give each broker a unique name");
            }
            else
            {
                _brokerNames.Add(name.Value, name.Location);
            }
        }
        r.ReportUnknownKeys($"in {r.Subject}");
        var host = r.RequiredText("host", "add the broker's host name or IP address, e.g. `host: mqtt.example.com`");
        var port = r.Int("port", "a whole number from 1 to 65535");
        var tls = r.Bool("tls");
        var username = r.Text("username");
        var password = r.Text("password");
        var versionText = r.Text("version");
        var filters = ReadFilterNames(r);
        if (host is not null && Uri.CheckHostName(host.Value) == UriHostNameType.Unknown)
        {
            r.Error(host.Location, $"{r.Subject}: host '{host.Value}' is not a host name or IP address; write e.g. `host: mqtt.example.com` (no scheme or port)");
        }
        if (port is < 1 or > 65535)
        {
            r.Error(r.LocationOf("port"), $"{r.Subject}: port {port} is out of range; use a port from 1 to 65535 (1883 plain, 8883 TLS)");
        }
        MqttBrokerVersion? version = versionText?.Value switch
        {
            null => MqttBrokerVersion.V311,
            "3.1.1" => MqttBrokerVersion.V311,
            "5" or "5.0" => MqttBrokerVersion.V500,
            _ => null,
        };
        if (version is null)
        {
            r.Error(versionText!.Location, $"{r.Subject}: version '{versionText.Value}' is not supported; use 3.1.1 or 5");
        }
        if (password is not null && username is null && version == MqttBrokerVersion.V311)
        {
            r.Error(password.Location, $"{r.Subject}: MQTT 3.1.1 sends a password only with a username; add `username:` or use `version: 5`");
        }
        if (r.ErrorCount > 0 || name is null || host is null || version is null)
        {
            return;
        }
        var useTls = tls ?? false;
        _brokers.Add(new MqttBrokerConfig(name.Value, host.Value, port ?? (useTls ? 8883 : 1883), useTls, username?.Value,
            password?.Value, version.Value, filters, r.Location));
    }

    /// <summary>The target's <c>filters:</c> list, recorded for the cross-file check; null when not written.</summary>
    private List<string>? ReadFilterNames(MappingReader r)
    {
        if (!r.Has("filters"))
        {
            return null;
        }
        var names = r.TextList("filters", "emails");
        foreach (var name in names ?? [])
        {
            _filterReferences.Add((r.Subject, name));
        }
        return names?.Select(n => n.Value).ToList();
    }

    private void ReadFilter(MappingReader r)
    {
        var name = r.RequiredText("name", "add a unique name, e.g. `name: emails`");
        if (name is not null)
        {
            r.Subject = $"privacy filter '{name.Value}'";
            if (_filterNames.TryGetValue(name.Value, out var first))
            {
                r.Error(name.Location, $"duplicate privacy filter name '{name.Value}': it is already declared at {first}; give each filter a unique name");
            }
            else
            {
                _filterNames.Add(name.Value, name.Location);
            }
        }
        r.ReportUnknownKeys($"in {r.Subject}");
        var pattern = r.RequiredText("pattern", "add a regular expression matched against status values, e.g. `pattern: '[^@\\s]+@[^@\\s]+'`");
        var actionText = r.RequiredText("action", "add `action: hash`, `action: mask` or `action: drop`");
        var key = r.Text("key");

        Regex? regex = null;
        if (pattern is not null)
        {
            try
            {
                regex = new Regex(pattern.Value, RegexOptions.CultureInvariant, PatternTimeout);
            }
            catch (ArgumentException e)
            {
                r.Error(pattern.Location, $"{r.Subject}: pattern is not a valid .NET regular expression ({e.Message.TrimEnd('.')}); " +
                                          "fix it, and quote it in single quotes so YAML keeps backslashes");
            }
        }
        PrivacyAction? action = actionText?.Value switch
        {
            "hash" => PrivacyAction.Hash,
            "mask" => PrivacyAction.Mask,
            "drop" => PrivacyAction.Drop,
            _ => null,
        };
        if (actionText is not null && action is null)
        {
            r.Error(actionText.Location, $"{r.Subject}: action '{actionText.Value}' is not valid; use one of: hash, mask, drop");
        }
        // Messages give the key's length, never the key: errors end up in logs and on the web console.
        if (action == PrivacyAction.Hash && key is null)
        {
            r.Error(r.Location, $"{r.Subject} is missing 'key'; a hash filter needs an HMAC key of at least {MinHashKeyLength} random " +
                                "characters (so hashes can't be reversed by hashing guesses), e.g. from `openssl rand -hex 32`");
        }
        else if (action == PrivacyAction.Hash && key!.Value.Length < MinHashKeyLength)
        {
            r.Error(key.Location, $"{r.Subject}: key is {key.Value.Length} characters long; use at least {MinHashKeyLength} random characters");
        }
        else if (action is PrivacyAction.Mask or PrivacyAction.Drop && key is not null)
        {
            r.Error(key.Location, $"{r.Subject}: 'key' is only used by hash filters; remove it or use `action: hash`");
        }
        if (r.ErrorCount > 0 || name is null || regex is null || action is null)
        {
            return;
        }
        _filters.Add(new PrivacyFilterConfig(name.Value, regex, action.Value, key?.Value, r.Location));
    }
}
