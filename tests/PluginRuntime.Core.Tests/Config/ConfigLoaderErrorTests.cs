using PluginRuntime.Core.Config;

namespace PluginRuntime.Core.Tests.Config;

/// <summary>
/// One test per kind of config error, asserting the exact <c>path:line:col: message</c>. Each test writes a valid
/// base file (org + one driver) and puts what it tests in <c>test.yaml</c>, which sorts after it.
/// </summary>
public sealed class ConfigLoaderErrorTests : IDisposable
{
    private readonly TempConfigFolder _folder = new();
    private readonly string _base;

    public ConfigLoaderErrorTests()
    {
        _folder.Touch("drivers/Thermostat.dll");
        _base = _folder.Write("00-base.yaml", """
            org: { id: org-acme, name: Acme Corp }
            drivers:
              - id: thermostat
                assembly: drivers/Thermostat.dll
            """);
    }

    public void Dispose() => _folder.Dispose();

    private string Test(string yaml) => _folder.Write("test.yaml", yaml);

    [Fact]
    public void A_missing_folder_is_reported_with_its_path()
    {
        var missing = _folder.PathOf("nope");

        var result = ConfigLoader.Load(missing);

        TempConfigFolder.AssertErrors(result,
            $"{missing}: config folder '{missing}' does not exist; create it or pass the folder that holds the config's .yaml files");
    }

    [Fact]
    public void A_folder_without_yaml_files_is_reported()
    {
        var empty = _folder.PathOf("empty");
        Directory.CreateDirectory(empty);
        File.WriteAllText(Path.Combine(empty, "readme.txt"), "not config");

        var result = ConfigLoader.Load(empty);

        TempConfigFolder.AssertErrors(result,
            $"{empty}: config folder '{empty}' has no .yaml or .yml files; add one, e.g. runtime.yaml with `org: {{ id: org-acme, name: Acme Corp }}`");
    }

    [Fact]
    public void A_yaml_syntax_error_gives_the_parsers_position()
    {
        var file = Test("""
            zones:
              - id: zone-1
                name: a: b
            """);

        _folder.ExpectErrors(
            $"{file}:3:12: YAML syntax error: While scanning a plain scalar value, found invalid mapping; fix the YAML at this position (check indentation, colons and quotes)");
    }

    [Fact]
    public void An_unclosed_bracket_at_the_end_of_a_file_points_at_the_bracket_too()
    {
        var file = Test("""
            zones:
              - id: zone-1
                tags: [building, level
            """);

        _folder.ExpectErrors(
            $"{file}:4:1: YAML syntax error: While parsing a flow sequence, did not find expected ',' or ']'; fix the YAML at this position (check indentation, colons and quotes); the '[' at {file}:3:11 may be missing its ']'");
    }

    [Fact]
    public void An_unclosed_bracket_followed_by_more_lines_is_reported_at_the_last_readable_position()
    {
        // YamlDotNet throws an exception without a position for this input, before it reports the brackets.
        var file = Test("""
            zones:
              - { id: zone-1, name: One, tags: [building, level }
            modules: []
            """);

        _folder.ExpectErrors($"{file}:2:3: YAML syntax error: the YAML after this point cannot be read; look for a '[' or '{{' that is not closed");
    }

    [Fact]
    public void An_unclosed_bracket_already_read_is_named_when_the_parser_gives_no_position()
    {
        var file = Test("""
            systems:
              - id: sys-1
                name: Room
                modules: [mod-1, mod-2
                settings: {}
            """);

        _folder.ExpectErrors($"{file}:4:14: YAML syntax error: this '[' is never closed; add the matching ']'");
    }

    [Fact]
    public void A_key_written_twice_in_one_mapping_is_reported()
    {
        var file = Test("""
            zones:
              - id: zone-1
                name: One
                name: Two
            """);

        _folder.ExpectErrors(
            $"{file}:4:5: duplicate key 'name' in the same mapping; remove one of them or merge them");
    }

    [Fact]
    public void A_syntax_error_in_one_file_does_not_cause_missing_reference_errors_in_another()
    {
        // zone-1 is declared in the broken file; saying "zone-1 is not declared" would be a false lead.
        var broken = _folder.Write("a-zones.yaml", "zones: [ { id: zone-1, name: One }\n");
        var file = Test("""
            systems:
              - { id: sys-1, name: Room, zones: [zone-1], bogus: 1 }
            """);

        _folder.ExpectErrors(
                $"{broken}:2:1: YAML syntax error: While parsing a flow sequence, did not find expected ',' or ']'; fix the YAML at this position (check indentation, colons and quotes); the '[' at {broken}:1:8 may be missing its ']'",
                $"{file}:2:47: unknown key 'bogus' in system 'sys-1'; valid keys are: id, name, zones, modules, settings");
    }

    [Fact]
    public void A_file_that_is_not_a_mapping_at_the_top_is_reported()
    {
        var file = Test("""
            - id: zone-1
              name: One
            """);

        _folder.ExpectErrors(
            $"{file}:1:1: the file must be a mapping of sections (org:, zones:, drivers:, modules:, systems:, api_keys:, users:, auth:) at the top, not a list");
    }

    [Fact]
    public void An_unknown_top_level_key_suggests_the_closest_section()
    {
        var file = Test("""
            zone:
              - { id: zone-1, name: One }
            mqtt_brokers: []
            """);

        _folder.ExpectErrors(
                $"{file}:1:1: unknown key 'zone' at the top level; did you mean 'zones'?",
                $"{file}:3:1: unknown key 'mqtt_brokers' at the top level; valid keys are: org, zones, drivers, modules, systems, api_keys, users, auth, mqtt, privacy_filters, sidecars");
    }

    [Fact]
    public void An_unknown_entry_key_suggests_the_closest_key()
    {
        var file = Test("""
            modules:
              - id: mod-1
                driver: thermostat
                setings: { a: 1 }
                Enabled: false
            """);

        _folder.ExpectErrors(
                $"{file}:4:5: unknown key 'setings' in module 'mod-1'; did you mean 'settings'?",
                $"{file}:5:5: unknown key 'Enabled' in module 'mod-1'; did you mean 'enabled'?");
    }

    [Fact]
    public void Values_of_the_wrong_type_are_reported_with_what_was_expected()
    {
        var file = Test("""
            zones:
              - { id: zone-1, name: One, tags: building, settings: [a] }
            drivers:
              - { id: d2, assembly: drivers/Thermostat.dll, watch: yes }
            modules:
              - { id: mod-1, driver: thermostat, ip: 10.0.0.1, port: abc }
              - { id: mod-2, driver: thermostat, ip: 10.0.0.1, port: "4999" }
              - { id: mod-3, driver: thermostat, name: [a, b] }
            systems: { id: sys-1 }
            api_keys:
              - just-a-name
            """);

        _folder.ExpectErrors(
                $"{file}:2:36: zone 'zone-1': 'tags' must be a list, e.g. `tags: [building]`, not 'building'",
                $"{file}:2:56: zone 'zone-1': 'settings' must be a mapping of names to values, e.g. `settings: {{ poll_interval: 30 }}`, not a list",
                $"{file}:4:56: driver 'd2': 'watch' must be true or false, not 'yes'",
                $"{file}:6:58: module 'mod-1': 'port' must be a whole number from 1 to 65535, not 'abc'",
                $"{file}:7:58: module 'mod-2': 'port' must be a whole number from 1 to 65535, not the quoted text \"4999\" (remove the quotes)",
                $"{file}:8:44: module 'mod-3': 'name' must be a single value, not a list",
                $"{file}:9:10: 'systems' must be a list of entries, each starting with '-' (e.g. `- id: sys-room-1`), not a mapping",
                $"{file}:11:5: each entry of 'api_keys' must be a mapping of keys to values (e.g. `- name: front-desk`), not a single value");
    }

    [Fact]
    public void Missing_required_keys_are_reported_with_an_example()
    {
        var file = Test("""
            zones:
              - name: No id
              - id: zone-2
            modules:
              - id: mod-1
            systems:
              - id: sys-1
                name: ""
            api_keys:
              - name: demo
            """);

        _folder.ExpectErrors(
                $"{file}:2:5: zone entry is missing 'id'; add a unique id, e.g. `id: zone-syd`",
                $"{file}:3:5: zone 'zone-2' is missing 'name'; add a display name, e.g. `name: Sydney Office`",
                $"{file}:5:5: module 'mod-1' is missing 'driver'; add the id of a driver declared under 'drivers:', e.g. `driver: examples-thermostat`",
                $"{file}:8:11: system 'sys-1': 'name' is empty; give it a value or remove the key",
                $"{file}:10:5: api key 'demo' is missing 'key'; add a random key of at least 16 characters, e.g. from `openssl rand -hex 32`",
                $"{file}:10:5: api key 'demo' is missing 'role'; add `role: user`, `role: support` or `role: admin`");
    }

    [Fact]
    public void A_duplicate_id_names_both_places()
    {
        var zones = _folder.Write("a-zones.yaml", """
            zones:
              - { id: zone-1, name: One }
            """);
        var file = Test("""
            zones:
              - { id: zone-1, name: Again }
            drivers:
              - { id: thermostat, assembly: drivers/Thermostat.dll }
            """);

        _folder.ExpectErrors(
                $"{file}:2:5: duplicate zone id 'zone-1': it is already declared at {zones}:2:5; give each zone a unique id",
                $"{file}:4:5: duplicate driver id 'thermostat': it is already declared at {_base}:3:5; give each driver a unique id");
    }

    [Fact]
    public void References_to_undeclared_entries_are_reported_with_a_suggestion_when_close()
    {
        var file = Test("""
            zones:
              - { id: zone-syd, name: Sydney, parent: zone-au }
            modules:
              - { id: mod-1, driver: thermostt }
            systems:
              - { id: sys-1, name: Room, zones: [zone-sdy], modules: [mod-1, mod-9000] }
            api_keys:
              - { name: demo, key: 0123456789abcdef, role: user, systems: [sys-2], zones: [zone-x] }
            """);

        _folder.ExpectErrors(
                $"{file}:2:43: zone 'zone-syd': parent 'zone-au' is not a declared zone; declare it under 'zones:' or fix the id",
                $"{file}:4:26: module 'mod-1': driver 'thermostt' is not a declared driver; did you mean 'thermostat'?",
                $"{file}:6:38: system 'sys-1': zone 'zone-sdy' is not a declared zone; did you mean 'zone-syd'?",
                $"{file}:6:66: system 'sys-1': module 'mod-9000' is not a declared module; declare it under 'modules:' or fix the id",
                $"{file}:8:64: api key 'demo': system 'sys-2' is not a declared system; did you mean 'sys-1'?",
                $"{file}:8:80: api key 'demo': zone 'zone-x' is not a declared zone; declare it under 'zones:' or fix the id");
    }

    [Fact]
    public void A_system_listing_the_same_module_or_zone_twice_is_reported()
    {
        var file = Test("""
            zones:
              - { id: zone-1, name: One }
            modules:
              - { id: mod-1, driver: thermostat }
            systems:
              - { id: sys-1, name: Room, zones: [zone-1, zone-1], modules: [mod-1, mod-1] }
            """);

        _folder.ExpectErrors(
                $"{file}:6:46: system 'sys-1' lists zone 'zone-1' twice; list each zone once",
                $"{file}:6:72: system 'sys-1' lists module 'mod-1' twice; list each module once");
    }

    [Fact]
    public void Zone_parent_cycles_are_reported_once_per_cycle()
    {
        var file = Test("""
            zones:
              - { id: zone-a, name: A, parent: zone-c }
              - { id: zone-b, name: B, parent: zone-a }
              - { id: zone-c, name: C, parent: zone-b }
              - { id: zone-d, name: D, parent: zone-a }
              - { id: zone-self, name: Self, parent: zone-self }
            """);

        _folder.ExpectErrors(
                $"{file}:2:36: zone 'zone-a' is its own ancestor: zone-a -> zone-c -> zone-b -> zone-a; change or remove one of these parents",
                $"{file}:6:42: zone 'zone-self' is its own ancestor: zone-self -> zone-self; change or remove one of these parents");
    }

    [Fact]
    public void A_port_outside_1_to_65535_is_reported()
    {
        var file = Test("""
            modules:
              - { id: mod-1, driver: thermostat, ip: 10.0.0.1, port: 0 }
              - { id: mod-2, driver: thermostat, ip: 10.0.0.1, port: 70000 }
            """);

        _folder.ExpectErrors(
                $"{file}:2:58: module 'mod-1': port 0 is out of range; use a port from 1 to 65535",
                $"{file}:3:58: module 'mod-2': port 70000 is out of range; use a port from 1 to 65535");
    }

    [Fact]
    public void Ip_with_uri_ip_without_port_and_port_without_ip_are_reported()
    {
        var file = Test("""
            modules:
              - { id: mod-1, driver: thermostat, ip: 10.0.0.1, port: 23, uri: "http://10.0.0.1/" }
              - { id: mod-2, driver: thermostat, ip: 10.0.0.1 }
              - { id: mod-3, driver: thermostat, port: 23 }
              - { id: mod-4, driver: thermostat, ip: "not a host", port: 23 }
            """);

        _folder.ExpectErrors(
                $"{file}:2:67: module 'mod-1' has both 'ip' and 'uri'; use ip + port for a TCP device or uri for an HTTP or WebSocket service, not both",
                $"{file}:3:42: module 'mod-2' has 'ip' but no 'port'; add the device's TCP port, e.g. `port: 4999`",
                $"{file}:4:44: module 'mod-3' has 'port' but no 'ip'; add the device's address, e.g. `ip: 192.168.0.10`, or remove 'port'",
                $"{file}:5:42: module 'mod-4': ip 'not a host' is not an IP address or host name; write e.g. `ip: 192.168.0.10`");
    }

    [Fact]
    public void A_uri_that_is_not_absolute_http_or_ws_is_reported()
    {
        var file = Test("""
            modules:
              - { id: mod-1, driver: thermostat, uri: "ftp://10.0.0.1/" }
              - { id: mod-2, driver: thermostat, uri: /api/things }
              - { id: mod-3, driver: thermostat, uri: "wss://example.com/socket" }
            """);

        _folder.ExpectErrors(
                $"{file}:2:43: module 'mod-1': uri 'ftp://10.0.0.1/' is not an absolute http, https, ws or wss address; write e.g. `uri: http://192.168.0.10:8080/`",
                $"{file}:3:43: module 'mod-2': uri '/api/things' is not an absolute http, https, ws or wss address; write e.g. `uri: http://192.168.0.10:8080/`");
    }

    [Fact]
    public void An_invalid_role_lists_the_valid_ones()
    {
        var file = Test("""
            api_keys:
              - { name: demo, key: 0123456789abcdef, role: superuser }
            """);

        _folder.ExpectErrors(
            $"{file}:2:48: api key 'demo': role 'superuser' is not valid; use one of: user, support, admin");
    }

    [Fact]
    public void A_short_api_key_is_reported_without_revealing_it()
    {
        var file = Test("""
            api_keys:
              - { name: demo, key: hunter2, role: user }
            """);

        _folder.ExpectErrors(
            $"{file}:2:24: api key 'demo': key is 7 characters long; use at least 16 random characters, e.g. from `openssl rand -hex 32`");
    }

    [Fact]
    public void Two_api_keys_with_the_same_key_are_reported_without_revealing_it()
    {
        var file = Test("""
            api_keys:
              - { name: demo, key: 0123456789abcdef, role: user }
              - { name: other, key: 0123456789abcdef, role: admin }
              - { name: demo, key: fedcba9876543210, role: admin }
            """);

        _folder.ExpectErrors(
                $"{file}:3:25: api key 'other' has the same key as api key 'demo' ({file}:2:24); give each api key its own key",
                $"{file}:4:5: duplicate api key name 'demo': it is already declared at {file}:2:5; give each api key a unique name");
    }

    [Fact]
    public void A_short_jwt_secret_is_reported()
    {
        var file = Test("""
            auth:
              jwt_secret: too-short
            """);

        _folder.ExpectErrors(
            $"{file}:2:15: auth: jwt_secret is 9 characters long; use at least 32 random characters, e.g. from `openssl rand -base64 48`");
    }

    [Fact]
    public void A_config_without_an_org_is_reported_against_the_folder()
    {
        File.Delete(_base);
        _folder.Write("test.yaml", "zones: []\n");

        _folder.ExpectErrors(
            $"{_folder.Root}: no org is declared; add `org: {{ id: org-acme, name: Acme Corp }}` to one of the files");
    }

    [Fact]
    public void A_second_org_names_the_first()
    {
        var file = Test("org: { id: org-other, name: Other }\n");

        _folder.ExpectErrors(
            $"{file}:1:6: a second org is declared; the org is already declared at {_base}:1:6. Keep exactly one org across all files");
    }

    [Fact]
    public void A_missing_assembly_under_artifacts_says_dotnet_build_creates_it()
    {
        var file = Test("""
            drivers:
              - id: lights
                assembly: ../artifacts/drivers/Lights/Lights.dll
            """);
        var expected = Path.GetFullPath(Path.Combine(_folder.Root, "../artifacts/drivers/Lights/Lights.dll"));

        _folder.ExpectErrors(
            $"{file}:3:15: driver 'lights': assembly file '{expected}' is missing; it is build output, so run `dotnet build` to create it (or fix the path, which is relative to {_folder.Root})");
    }

    [Fact]
    public void A_missing_script_says_where_relative_paths_are_resolved_from()
    {
        var file = Test("""
            drivers:
              - { id: lights, script: drivers/lights.csx }
            """);

        _folder.ExpectErrors(
            $"{file}:2:27: driver 'lights': script file '{_folder.PathOf("drivers/lights.csx")}' is missing; fix the path (relative paths are resolved from {_folder.Root})");
    }

    [Fact]
    public void A_driver_needs_exactly_one_of_assembly_and_script_with_a_matching_extension()
    {
        var file = Test("""
            drivers:
              - { id: d1 }
              - { id: d2, assembly: drivers/Thermostat.dll, script: x.cs }
              - { id: d3, assembly: lights.cs }
              - { id: d4, script: drivers/Thermostat.dll }
            """);

        _folder.ExpectErrors(
                $"{file}:2:5: driver 'd1' is missing its code; add 'assembly' (a compiled driver .dll) or 'script' (a .cs, .csx, .js or .ts file)",
                $"{file}:3:57: driver 'd2' has both 'assembly' and 'script'; keep the one that holds the driver's code",
                $"{file}:4:25: driver 'd3': assembly 'lights.cs' must be a .dll file (a driver project's build output); for a source file use 'script:'",
                $"{file}:5:23: driver 'd4': script 'drivers/Thermostat.dll' must be a .cs, .csx, .js or .ts file; for a compiled .dll use 'assembly:'");
    }

    [Fact]
    public void A_module_name_must_be_an_identifier_that_does_not_end_like_an_index()
    {
        var file = Test("""
            modules:
              - { id: mod-1, driver: thermostat, name: Door 1 }
              - { id: mod-2, driver: thermostat, name: Door_2 }
              - { id: mod-3, driver: thermostat, name: Front_Door }
              - { id: mod-4, driver: thermostat, name: _Internal }
              - { id: mod-5, driver: thermostat, name: __Twice }
            """);

        _folder.ExpectErrors(
                $"{file}:2:44: module 'mod-1': name 'Door 1' must start with a letter (or '_' and a letter, for an internal module) and contain only letters, digits and '_' (clients address modules as Name_index, e.g. Door_1)",
                $"{file}:3:44: module 'mod-2': name 'Door_2' ends in '_2', which reads as an index ('Door_2' would mean module 2 named 'Door'); drop the suffix or write e.g. 'Door2'",
                $"{file}:6:44: module 'mod-5': name '__Twice' must start with a letter (or '_' and a letter, for an internal module) and contain only letters, digits and '_' (clients address modules as Name_index, e.g. Door_1)");
    }

    [Fact]
    public void An_id_with_characters_that_break_topics_or_urls_is_reported()
    {
        var file = Test("""
            zones:
              - { id: "zone/1", name: One }
            """);

        _folder.ExpectErrors(
            $"{file}:2:11: zone id 'zone/1' must start with a letter or digit and contain only letters, digits, '-', '_' and '.' (ids appear in URLs and MQTT topics)");
    }

    [Fact]
    public void A_settings_value_json_cannot_hold_is_reported()
    {
        var file = Test("""
            zones:
              - id: zone-1
                name: One
                settings:
                  limit: .inf
                  nested: { when: !!timestamp 2001-12-14 }
            """);

        _folder.ExpectErrors(
                $"{file}:5:14: zone 'zone-1': settings: '.inf' cannot be represented in JSON; use a number, or quote it to keep it as text",
                $"{file}:6:23: zone 'zone-1': settings: tag 'tag:yaml.org,2002:timestamp' is not supported in settings; remove it (settings hold plain JSON values)");
    }

    [Fact]
    public void Errors_from_every_file_are_all_reported_in_file_and_position_order()
    {
        var a = _folder.Write("a.yaml", """
            zones:
              - { id: zone-1 }
            """);
        var file = Test("""
            modules:
              - { id: mod-1, driver: thermostat, port: 99999, ip: 10.0.0.1 }
            zones:
              - { id: zone-1, name: Again }
            """);

        _folder.ExpectErrors(
                $"{a}:2:5: zone 'zone-1' is missing 'name'; add a display name, e.g. `name: Sydney Office`",
                $"{file}:2:44: module 'mod-1': port 99999 is out of range; use a port from 1 to 65535",
                $"{file}:4:5: duplicate zone id 'zone-1': it is already declared at {a}:2:5; give each zone a unique id");
    }
}
