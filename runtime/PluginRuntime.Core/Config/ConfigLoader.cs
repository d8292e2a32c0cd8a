using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PluginRuntime.Core.Config;

/// <summary>
/// Loads a config folder: every <c>*.yaml</c>/<c>*.yml</c> file directly in it, in name order, with lists
/// concatenated across files. Validates everything before building anything, and reports every error it finds
/// (with file, line and column) rather than stopping at the first, so one edit-load cycle fixes them all.
/// </summary>
internal sealed partial class ConfigLoader
{
    public const int MinApiKeyLength = 16;
    public const int MinJwtSecretLength = 32;

    private const string ZoneKind = "zone";
    private const string DriverKind = "driver";
    private const string ModuleKind = "module";
    private const string SystemKind = "system";
    private const string ApiKeyKind = "api key";
    private const string UserKind = "user";

    private static readonly string[] TopLevelKeys = ["org", "zones", "drivers", "modules", "systems", "api_keys", "users", "auth",
        MqttConfigReader.MqttSection, MqttConfigReader.PrivacyFiltersSection, SidecarConfigReader.Section];
    private static readonly string[] OrgKeys = ["id", "name"];
    private static readonly string[] ZoneKeys = ["id", "name", "tags", "parent", "settings"];
    private static readonly string[] DriverKeys = ["id", "assembly", "script", "class", "watch", "settings"];
    private static readonly string[] ModuleKeys = ["id", "driver", "name", "ip", "port", "uri", "enabled", "settings"];
    private static readonly string[] SystemKeys = ["id", "name", "zones", "modules", "settings"];
    private static readonly string[] ApiKeyKeys = ["name", "key", "role", "systems", "zones"];
    private static readonly string[] UserKeys = ["name", "role", "systems", "zones"];
    private static readonly string[] AuthKeys = ["jwt_secret"];
    private static readonly string[] ScriptExtensions = [".cs", ".csx", ".js", ".ts"];
    private static readonly string[] UriSchemes = ["http", "https", "ws", "wss"];

    private readonly List<ConfigError> _errors = [];
    private readonly List<ConfigReference> _references = [];

    // Every id seen, with where it was first declared, including entries that failed to build: a module whose
    // driver entry has a bad path should get one error (the path), not a second one saying the driver is missing.
    private readonly Dictionary<string, Dictionary<string, SourceLocation>> _declared = new()
    {
        [ZoneKind] = new(StringComparer.Ordinal),
        [DriverKind] = new(StringComparer.Ordinal),
        [ModuleKind] = new(StringComparer.Ordinal),
        [SystemKind] = new(StringComparer.Ordinal),
        [ApiKeyKind] = new(StringComparer.Ordinal),
        [UserKind] = new(StringComparer.Ordinal),
    };

    private readonly List<string> _zoneOrder = [];
    private readonly Dictionary<string, LocatedString> _zoneParents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Name, SourceLocation At)> _apiKeyValues = new(StringComparer.Ordinal);

    private readonly List<ZoneConfig> _zones = [];
    private readonly List<DriverConfig> _drivers = [];
    private readonly List<ModuleConfig> _modules = [];
    private readonly List<SystemConfig> _systems = [];
    private readonly List<ApiKeyConfig> _apiKeys = [];
    private readonly List<UserConfig> _users = [];
    private SourceLocation? _firstUserAt;
    private OrgConfig? _org;
    private SourceLocation? _orgDeclaredAt;
    private AuthConfig? _auth;
    private SourceLocation? _authDeclaredAt;
    private bool _someFileUnparsed;
    private readonly MqttConfigReader _mqtt;
    private readonly SidecarConfigReader _sidecars;

    private ConfigLoader()
    {
        _mqtt = new MqttConfigReader(_errors);
        _sidecars = new SidecarConfigReader();
    }

    /// <summary>Loads and validates the config in <paramref name="folder"/>. Never throws for bad config.</summary>
    public static ConfigLoadResult Load(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        return new ConfigLoader().LoadFolder(Path.GetFullPath(folder));
    }

    private ConfigLoadResult LoadFolder(string folder)
    {
        if (!Directory.Exists(folder))
        {
            var message = File.Exists(folder)
                ? $"'{folder}' is a file, not a folder; pass the folder that holds the config's .yaml files"
                : $"config folder '{folder}' does not exist; create it or pass the folder that holds the config's .yaml files";
            return ConfigLoadResult.Failure([new ConfigError(SourceLocation.WholeFile(folder), message)]);
        }

        var files = Directory.EnumerateFiles(folder)
            .Where(f => Path.GetExtension(f).ToLowerInvariant() is ".yaml" or ".yml")
            .Order(StringComparer.Ordinal)
            .ToArray();
        if (files.Length == 0)
        {
            return ConfigLoadResult.Failure([new ConfigError(SourceLocation.WholeFile(folder),
                $"config folder '{folder}' has no .yaml or .yml files; add one, e.g. runtime.yaml with " +
                "`org: { id: org-acme, name: Acme Corp }`")]);
        }

        foreach (var file in files)
        {
            LoadFile(file);
        }
        CheckAcrossFiles(folder);

        if (_errors.Count == 0 && _org is not null)
        {
            return ConfigLoadResult.Success(new RuntimeConfig(_org, _zones, _drivers, _modules, _systems, _apiKeys, _auth, _users)
            {
                Mqtt = _mqtt.Mqtt,
                PrivacyFilters = [.. _mqtt.PrivacyFilters],
                Sidecars = [.. _sidecars.Sidecars],
            });
        }
        // OrderBy is stable, so errors at the same position keep the order they were found in.
        return ConfigLoadResult.Failure(_errors
            .OrderBy(e => e.Location.File, StringComparer.Ordinal)
            .ThenBy(e => e.Location.Line)
            .ThenBy(e => e.Location.Column));
    }

    private void LoadFile(string file)
    {
        var stream = new YamlStream();
        PositionTrackingParser? parser = null;
        try
        {
            parser = new PositionTrackingParser(new Parser(new StringReader(File.ReadAllText(file))));
            stream.Load(parser);
        }
        catch (IOException e)
        {
            FileUnparsed(SourceLocation.WholeFile(file), $"cannot read the file ({e.Message}); check that it is readable");
            return;
        }
        catch (UnauthorizedAccessException)
        {
            FileUnparsed(SourceLocation.WholeFile(file), "cannot read the file: permission denied; make it readable by the runtime");
            return;
        }
        catch (YamlException e)
        {
            var message = SyntaxMessage(e.Message);
            if (parser?.OpenFlowCollection is { } open && e.Message.Contains("flow ", StringComparison.Ordinal))
            {
                message += $"; the '{open.Open}' at {SourceLocation.At(file, open.Start)} may be missing its '{open.Close}'";
            }
            FileUnparsed(SourceLocation.At(file, e.Start), message);
            return;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet throws this, without a position, for some unclosed flow collections, e.g. `a: [1, 2` with
            // more lines after it. Its scanner reads ahead, so the bracket may not have been reported as an event
            // yet; then the end of the last good event is the nearest position we know.
            FileUnparsed(parser!.OpenFlowCollection is { } open
                    ? new ConfigError(SourceLocation.At(file, open.Start),
                        $"YAML syntax error: this '{open.Open}' is never closed; add the matching '{open.Close}'")
                    : new ConfigError(SourceLocation.At(file, parser.LastGoodEnd),
                        "YAML syntax error: the YAML after this point cannot be read; look for a '[' or '{' that is not closed"));
            return;
        }

        foreach (var document in stream.Documents)
        {
            LoadDocument(file, document.RootNode);
        }
    }

    private static string SyntaxMessage(string parserMessage)
    {
        var duplicate = DuplicateKeyMessage().Match(parserMessage);
        if (duplicate.Success)
        {
            return $"duplicate key '{duplicate.Groups[1].Value}' in the same mapping; remove one of them or merge them";
        }
        return $"YAML syntax error: {parserMessage.TrimEnd('.')}; fix the YAML at this position " +
               "(check indentation, colons and quotes)";
    }

    private void FileUnparsed(SourceLocation at, string message) => FileUnparsed(new ConfigError(at, message));

    private void FileUnparsed(ConfigError error)
    {
        _errors.Add(error);
        _someFileUnparsed = true;
    }

    private void LoadDocument(string file, YamlNode root)
    {
        if (YamlJsonConverter.IsNull(root))
        {
            return; // An empty file (or one with only comments) contributes nothing; that is fine.
        }
        if (root is not YamlMappingNode mapping)
        {
            _errors.Add(new ConfigError(SourceLocation.At(file, root.Start),
                "the file must be a mapping of sections (org:, zones:, drivers:, modules:, systems:, api_keys:, users:, auth:) " +
                $"at the top, not {(root is YamlSequenceNode ? "a list" : "a single value")}"));
            return;
        }

        var top = new MappingReader(mapping, file, "the file", TopLevelKeys, _errors);
        top.ReportUnknownKeys("at the top level");
        if (top.Value("org") is { } org)
        {
            LoadOrg(file, org);
        }
        ForEachEntry(top, "zones", "- id: zone-syd", LoadZone);
        ForEachEntry(top, "drivers", "- id: examples-thermostat", LoadDriver);
        ForEachEntry(top, "modules", "- id: mod-thermo-1", LoadModule);
        ForEachEntry(top, "systems", "- id: sys-room-1", LoadSystem);
        ForEachEntry(top, "api_keys", "- name: front-desk", LoadApiKey);
        ForEachEntry(top, "users", "- name: alice", LoadUser);
        if (top.Value("auth") is { } auth)
        {
            LoadAuth(file, auth);
        }
        _mqtt.Read(top);
        _sidecars.Read(top);
    }

    private static void ForEachEntry(MappingReader top, string section, string example, Action<MappingReader> load) =>
        top.ForEachEntry(section, example, $"{(section == "api_keys" ? ApiKeyKind : section[..^1])} entry", KeysOf(section), load);

    private static string[] KeysOf(string section) => section switch
    {
        "zones" => ZoneKeys,
        "drivers" => DriverKeys,
        "modules" => ModuleKeys,
        "systems" => SystemKeys,
        "users" => UserKeys,
        _ => ApiKeyKeys,
    };

    private void LoadOrg(string file, YamlNode node)
    {
        if (node is not YamlMappingNode mapping)
        {
            _errors.Add(new ConfigError(SourceLocation.At(file, node.Start),
                "'org' must be a mapping with an id and a name, e.g. `org: { id: org-acme, name: Acme Corp }`"));
            return;
        }
        var r = new MappingReader(mapping, file, "org", OrgKeys, _errors);
        if (_orgDeclaredAt is { } first)
        {
            r.Error(r.Location, $"a second org is declared; the org is already declared at {first}. " +
                                "Keep exactly one org across all files");
            return;
        }
        _orgDeclaredAt = r.Location;
        r.ReportUnknownKeys("in org");
        var id = r.RequiredText("id", "add an id, e.g. `id: org-acme`");
        if (id is not null)
        {
            CheckIdCharacters(r, "org", id);
        }
        var name = r.RequiredText("name", "add a display name, e.g. `name: Acme Corp`");
        if (r.ErrorCount == 0 && id is not null && name is not null)
        {
            _org = new OrgConfig(id.Value, name.Value, r.Location);
        }
    }

    private void LoadZone(MappingReader r)
    {
        var id = ReadId(r, ZoneKind, "zone-syd");
        r.ReportUnknownKeys($"in {r.Subject}");
        var name = r.RequiredText("name", "add a display name, e.g. `name: Sydney Office`");
        var tags = r.TextList("tags", "building");
        var parent = r.Text("parent");
        var settings = r.Settings("settings");
        if (id is not null)
        {
            _zoneOrder.Add(id.Value);
            if (parent is not null)
            {
                _zoneParents.TryAdd(id.Value, parent);
            }
        }
        if (parent is not null)
        {
            _references.Add(new ConfigReference(r.Subject, "parent", ZoneKind, parent));
        }
        if (r.ErrorCount > 0 || id is null || name is null || tags is null || settings is null)
        {
            return;
        }
        _zones.Add(new ZoneConfig(id.Value, name.Value, [.. tags.Select(t => t.Value)], parent?.Value, settings, r.Location));
    }

    private void LoadDriver(MappingReader r)
    {
        var id = ReadId(r, DriverKind, "examples-thermostat");
        r.ReportUnknownKeys($"in {r.Subject}");
        var assembly = r.Text("assembly");
        var script = r.Text("script");
        var className = r.Text("class");
        var watch = r.Bool("watch");
        var settings = r.Settings("settings");

        string? path = null;
        var kind = assembly is not null ? DriverSourceKind.Assembly : DriverSourceKind.Script;
        if (r.Has("assembly") && r.Has("script"))
        {
            r.Error(r.LocationOf("script"), $"{r.Subject} has both 'assembly' and 'script'; keep the one that holds the driver's code");
        }
        else if (!r.Has("assembly") && !r.Has("script"))
        {
            r.Error(r.Location, $"{r.Subject} is missing its code; add 'assembly' (a compiled driver .dll) " +
                                "or 'script' (a .cs, .csx, .js or .ts file)");
        }
        else if ((assembly ?? script) is { } source)
        {
            path = ResolveDriverPath(r, kind, source);
        }

        if (r.ErrorCount > 0 || id is null || path is null || settings is null)
        {
            return;
        }
        _drivers.Add(new DriverConfig(id.Value, kind, path, className?.Value, watch ?? false, settings, r.Location));
    }

    private static string? ResolveDriverPath(MappingReader r, DriverSourceKind kind, LocatedString source)
    {
        var key = kind == DriverSourceKind.Assembly ? "assembly" : "script";
        var directory = Path.GetDirectoryName(r.File)!;
        // Relative to the YAML file, not the working directory, so the runtime can be started from anywhere.
        var full = Path.GetFullPath(Path.Combine(directory, source.Value));
        var extension = Path.GetExtension(full).ToLowerInvariant();
        if (kind == DriverSourceKind.Assembly && extension != ".dll")
        {
            r.Error(source.Location, $"{r.Subject}: assembly '{source.Value}' must be a .dll file (a driver project's build output)" +
                                     (ScriptExtensions.Contains(extension) ? "; for a source file use 'script:'" : ""));
            return null;
        }
        if (kind == DriverSourceKind.Script && !ScriptExtensions.Contains(extension))
        {
            r.Error(source.Location, $"{r.Subject}: script '{source.Value}' must be a .cs, .csx, .js or .ts file" +
                                     (extension == ".dll" ? "; for a compiled .dll use 'assembly:'" : ""));
            return null;
        }
        if (!File.Exists(full))
        {
            var builtOutput = kind == DriverSourceKind.Assembly
                && full.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar).Contains("artifacts");
            r.Error(source.Location, builtOutput
                ? $"{r.Subject}: {key} file '{full}' is missing; it is build output, so run `dotnet build` to create it " +
                  $"(or fix the path, which is relative to {directory})"
                : $"{r.Subject}: {key} file '{full}' is missing; fix the path (relative paths are resolved from {directory})");
            return null;
        }
        return full;
    }

    private void LoadModule(MappingReader r)
    {
        var id = ReadId(r, ModuleKind, "mod-thermo-1");
        r.ReportUnknownKeys($"in {r.Subject}");
        var driver = r.RequiredText("driver", "add the id of a driver declared under 'drivers:', e.g. `driver: examples-thermostat`");
        var name = r.Text("name");
        var ip = r.Text("ip");
        var port = r.Int("port", "a whole number from 1 to 65535");
        var uriText = r.Text("uri");
        var enabled = r.Bool("enabled");
        var settings = r.Settings("settings");

        if (driver is not null)
        {
            _references.Add(new ConfigReference(r.Subject, "driver", DriverKind, driver));
        }
        if (name is not null)
        {
            CheckModuleName(r, name);
        }
        if (port is < 1 or > 65535)
        {
            r.Error(r.LocationOf("port"), $"{r.Subject}: port {port} is out of range; use a port from 1 to 65535");
        }
        if (ip is not null && Uri.CheckHostName(ip.Value) == UriHostNameType.Unknown)
        {
            r.Error(ip.Location, $"{r.Subject}: ip '{ip.Value}' is not an IP address or host name; write e.g. `ip: 192.168.0.10`");
        }
        Uri? uri = null;
        if (uriText is not null)
        {
            if (Uri.TryCreate(uriText.Value, UriKind.Absolute, out var parsed) && UriSchemes.Contains(parsed.Scheme))
            {
                uri = parsed;
            }
            else
            {
                r.Error(uriText.Location, $"{r.Subject}: uri '{uriText.Value}' is not an absolute http, https, ws or wss " +
                                          "address; write e.g. `uri: http://192.168.0.10:8080/`");
            }
        }
        if (r.Has("ip") && r.Has("uri"))
        {
            r.Error(r.LocationOf("uri"), $"{r.Subject} has both 'ip' and 'uri'; use ip + port for a TCP device or uri " +
                                         "for an HTTP or WebSocket service, not both");
        }
        else if (r.Has("ip") && !r.Has("port"))
        {
            r.Error(r.LocationOf("ip"), $"{r.Subject} has 'ip' but no 'port'; add the device's TCP port, e.g. `port: 4999`");
        }
        else if (r.Has("port") && !r.Has("ip"))
        {
            r.Error(r.LocationOf("port"), $"{r.Subject} has 'port' but no 'ip'; add the device's address, " +
                                          "e.g. `ip: 192.168.0.10`, or remove 'port'");
        }

        if (r.ErrorCount > 0 || id is null || driver is null || settings is null)
        {
            return;
        }
        _modules.Add(new ModuleConfig(id.Value, driver.Value, name?.Value, ip?.Value, port, uri, enabled ?? true, settings, r.Location));
    }

    private static void CheckModuleName(MappingReader r, LocatedString name)
    {
        // Clients address a module in a system as Name_index (Door_1, Door_2), and the name appears in MQTT
        // topics, so it must be a plain identifier and must not itself look like Name_index. One leading '_' is
        // allowed: as in PlaceOS, it marks an internal module that only support and admin callers may use.
        if (!ModuleNamePattern().IsMatch(name.Value))
        {
            r.Error(name.Location, $"{r.Subject}: name '{name.Value}' must start with a letter (or '_' and a letter, for an " +
                                   "internal module) and contain only letters, digits and '_' (clients address modules as Name_index, e.g. Door_1)");
            return;
        }
        var suffix = IndexSuffixPattern().Match(name.Value);
        if (suffix.Success)
        {
            var stem = name.Value[..suffix.Index];
            r.Error(name.Location, $"{r.Subject}: name '{name.Value}' ends in '{suffix.Value}', which reads as an index " +
                                   $"('{name.Value}' would mean module {suffix.Value[1..]} named '{stem}'); " +
                                   $"drop the suffix or write e.g. '{stem}{suffix.Value[1..]}'");
        }
    }

    private void LoadSystem(MappingReader r)
    {
        var id = ReadId(r, SystemKind, "sys-room-1");
        r.ReportUnknownKeys($"in {r.Subject}");
        var name = r.RequiredText("name", "add a display name, e.g. `name: Room 1`");
        var zones = r.TextList("zones", "zone-syd");
        var modules = r.TextList("modules", "mod-thermo-1");
        var settings = r.Settings("settings");
        AddListReferences(r, zones, ZoneKind);
        AddListReferences(r, modules, ModuleKind);
        if (r.ErrorCount > 0 || id is null || name is null || zones is null || modules is null || settings is null)
        {
            return;
        }
        _systems.Add(new SystemConfig(id.Value, name.Value, [.. zones.Select(z => z.Value)],
            [.. modules.Select(m => m.Value)], settings, r.Location));
    }

    private void AddListReferences(MappingReader r, IReadOnlyList<LocatedString>? items, string kind)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items ?? [])
        {
            if (!seen.Add(item.Value))
            {
                // Twice in one system would make Name_index and the zone order ambiguous.
                r.Error(item.Location, $"{r.Subject} lists {kind} '{item.Value}' twice; list each {kind} once");
                continue;
            }
            _references.Add(new ConfigReference(r.Subject, kind, kind, item));
        }
    }

    private void LoadApiKey(MappingReader r)
    {
        var name = r.RequiredText("name", "add a unique name, e.g. `name: front-desk`");
        if (name is not null)
        {
            r.Subject = $"api key '{name.Value}'";
            Declare(r, ApiKeyKind, name, "name");
        }
        r.ReportUnknownKeys($"in {r.Subject}");
        var key = r.RequiredText("key", $"add a random key of at least {MinApiKeyLength} characters, e.g. from `openssl rand -hex 32`");
        var roleText = r.RequiredText("role", "add `role: user`, `role: support` or `role: admin`");
        var systems = r.TextList("systems", "sys-room-1");
        var zones = r.TextList("zones", "zone-syd");

        // Messages give the key's length and never the key: errors end up in logs and on the web console.
        if (key is not null && key.Value.Length < MinApiKeyLength)
        {
            r.Error(key.Location, $"{r.Subject}: key is {key.Value.Length} characters long; use at least {MinApiKeyLength} " +
                                  "random characters, e.g. from `openssl rand -hex 32`");
        }
        if (key is not null)
        {
            if (_apiKeyValues.TryGetValue(key.Value, out var first))
            {
                r.Error(key.Location, $"{r.Subject} has the same key as api key '{first.Name}' ({first.At}); give each api key its own key");
            }
            else
            {
                _apiKeyValues.Add(key.Value, (name?.Value ?? "(unnamed)", key.Location));
            }
        }
        var role = ReadRole(r, roleText);
        AddScopeReferences(r, systems, zones);

        if (r.ErrorCount > 0 || name is null || key is null || role is null || systems is null || zones is null)
        {
            return;
        }
        _apiKeys.Add(new ApiKeyConfig(name.Value, key.Value, role.Value, [.. systems.Select(s => s.Value)],
            [.. zones.Select(z => z.Value)], r.Location));
    }

    private void LoadUser(MappingReader r)
    {
        var name = r.RequiredText("name", "add the name bearer tokens carry as their `sub` claim, e.g. `name: alice`");
        if (name is not null)
        {
            r.Subject = $"user '{name.Value}'";
            Declare(r, UserKind, name, "name");
        }
        _firstUserAt ??= r.Location;
        r.ReportUnknownKeys($"in {r.Subject}");
        var roleText = r.RequiredText("role", "add `role: user`, `role: support` or `role: admin`");
        var systems = r.TextList("systems", "sys-room-1");
        var zones = r.TextList("zones", "zone-syd");
        var role = ReadRole(r, roleText);
        AddScopeReferences(r, systems, zones);

        if (r.ErrorCount > 0 || name is null || role is null || systems is null || zones is null)
        {
            return;
        }
        _users.Add(new UserConfig(name.Value, role.Value, [.. systems.Select(s => s.Value)], [.. zones.Select(z => z.Value)], r.Location));
    }

    private static ApiKeyRole? ReadRole(MappingReader r, LocatedString? roleText)
    {
        ApiKeyRole? role = roleText?.Value switch
        {
            null => null,
            "user" => ApiKeyRole.User,
            "support" => ApiKeyRole.Support,
            "admin" => ApiKeyRole.Admin,
            _ => null,
        };
        if (roleText is not null && role is null)
        {
            r.Error(roleText.Location, $"{r.Subject}: role '{roleText.Value}' is not valid; use one of: user, support, admin");
        }
        return role;
    }

    /// <summary>Records the systems and zones an api key or user is limited to, to check once every file is in.</summary>
    private void AddScopeReferences(MappingReader r, IReadOnlyList<LocatedString>? systems, IReadOnlyList<LocatedString>? zones)
    {
        foreach (var system in systems ?? [])
        {
            _references.Add(new ConfigReference(r.Subject, SystemKind, SystemKind, system));
        }
        foreach (var zone in zones ?? [])
        {
            _references.Add(new ConfigReference(r.Subject, ZoneKind, ZoneKind, zone));
        }
    }

    private void LoadAuth(string file, YamlNode node)
    {
        if (node is not YamlMappingNode mapping)
        {
            _errors.Add(new ConfigError(SourceLocation.At(file, node.Start),
                "'auth' must be a mapping, e.g. `auth: { jwt_secret: <at least 32 random characters> }`"));
            return;
        }
        var r = new MappingReader(mapping, file, "auth", AuthKeys, _errors);
        if (_authDeclaredAt is { } first)
        {
            r.Error(r.Location, $"a second 'auth' section is declared; it is already declared at {first}. Keep one");
            return;
        }
        _authDeclaredAt = r.Location;
        r.ReportUnknownKeys("in auth");
        var secret = r.Text("jwt_secret");
        if (secret is not null && secret.Value.Length < MinJwtSecretLength)
        {
            r.Error(secret.Location, $"auth: jwt_secret is {secret.Value.Length} characters long; use at least " +
                                     $"{MinJwtSecretLength} random characters, e.g. from `openssl rand -base64 48`");
        }
        if (r.ErrorCount == 0)
        {
            _auth = new AuthConfig(secret?.Value, r.Location);
        }
    }

    /// <summary>Reads and checks an entry's id, names the entry after it and records the declaration.</summary>
    private LocatedString? ReadId(MappingReader r, string kind, string example)
    {
        var id = r.RequiredText("id", $"add a unique id, e.g. `id: {example}`");
        if (id is null)
        {
            return null;
        }
        r.Subject = $"{kind} '{id.Value}'";
        CheckIdCharacters(r, kind, id);
        Declare(r, kind, id, "id");
        return id;
    }

    private static void CheckIdCharacters(MappingReader r, string kind, LocatedString id)
    {
        if (!IdPattern().IsMatch(id.Value))
        {
            // Ids appear in URLs and MQTT topics, where '/', '+', '#' and spaces would break the path.
            r.Error(id.Location, $"{kind} id '{id.Value}' must start with a letter or digit and contain only letters, " +
                                 "digits, '-', '_' and '.' (ids appear in URLs and MQTT topics)");
        }
    }

    private void Declare(MappingReader r, string kind, LocatedString id, string what)
    {
        var declared = _declared[kind];
        if (declared.TryGetValue(id.Value, out var first))
        {
            r.Error(r.Location, $"duplicate {kind} {what} '{id.Value}': it is already declared at {first}; " +
                                $"give each {kind} a unique {what}");
            return;
        }
        declared.Add(id.Value, r.Location);
    }

    private void CheckAcrossFiles(string folder)
    {
        // A file that didn't parse may hold the org or the entries others refer to; "missing" errors would then
        // be false alarms that send the reader the wrong way. Fix the syntax first, then these checks run.
        if (_someFileUnparsed)
        {
            return;
        }
        if (_orgDeclaredAt is null)
        {
            _errors.Add(new ConfigError(SourceLocation.WholeFile(folder),
                "no org is declared; add `org: { id: org-acme, name: Acme Corp }` to one of the files"));
        }
        foreach (var reference in _references)
        {
            var declared = _declared[reference.TargetKind];
            if (declared.ContainsKey(reference.Id.Value))
            {
                continue;
            }
            var suggestion = KeySuggester.Suggest(reference.Id.Value, declared.Keys);
            var section = reference.TargetKind + "s";
            _errors.Add(new ConfigError(reference.Id.Location,
                $"{reference.Subject}: {reference.Role} '{reference.Id.Value}' is not a declared {reference.TargetKind}; " +
                (suggestion is not null ? $"did you mean '{suggestion}'?" : $"declare it under '{section}:' or fix the id")));
        }
        CheckZoneCycles();
        // Users can only sign in with a token signed by jwt_secret; without it they are dead entries that look live.
        // (An auth section that failed its own checks has already been reported; don't pile on.)
        bool noSecret = _authDeclaredAt is null || _auth is { JwtSecret: null };
        if (_firstUserAt is { } firstUser && noSecret)
        {
            _errors.Add(new ConfigError(firstUser,
                "users sign in with bearer tokens, which need a signing secret; add `auth: { jwt_secret: <at least " +
                $"{MinJwtSecretLength} random characters> }}` (e.g. from `openssl rand -base64 48`) or remove 'users:'"));
        }
        _mqtt.CheckReferences();
    }

    private void CheckZoneCycles()
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        foreach (var start in _zoneOrder)
        {
            var path = new List<string>();
            var current = start;
            while (current is not null && !done.Contains(current))
            {
                var loopStart = path.IndexOf(current);
                if (loopStart >= 0)
                {
                    var cycle = path[loopStart..];
                    _errors.Add(new ConfigError(_zoneParents[cycle[0]].Location,
                        $"zone '{cycle[0]}' is its own ancestor: {string.Join(" -> ", cycle)} -> {cycle[0]}; " +
                        "change or remove one of these parents"));
                    break;
                }
                path.Add(current);
                current = _zoneParents.TryGetValue(current, out var parent) ? parent.Value : null;
            }
            done.UnionWith(path);
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^_?[A-Za-z][A-Za-z0-9_]*$")]
    private static partial Regex ModuleNamePattern();

    [GeneratedRegex("_[0-9]+$")]
    private static partial Regex IndexSuffixPattern();

    [GeneratedRegex("^Duplicate key (.*)$")]
    private static partial Regex DuplicateKeyMessage();
}
