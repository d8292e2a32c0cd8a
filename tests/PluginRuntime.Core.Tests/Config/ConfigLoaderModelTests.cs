using System.Text.Json.Nodes;
using PluginRuntime.Core.Config;

namespace PluginRuntime.Core.Tests.Config;

public sealed class ConfigLoaderModelTests : IDisposable
{
    private readonly TempConfigFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_complete_config_file_loads_into_the_exact_model()
    {
        _folder.Touch("artifacts/drivers/Thermostat/Thermostat.dll");
        _folder.Touch("config/drivers/lights.csx");
        var file = _folder.Write("config/runtime.yaml", """
            org: { id: org-acme, name: Acme Corp }
            zones:
              - id: zone-syd
                name: Sydney Office
                tags: [building]
                settings: { timezone: Australia/Sydney }
              - id: zone-syd-l1
                name: Level 1
                tags: [level, north]
                parent: zone-syd
            drivers:
              - id: examples-thermostat
                assembly: ../artifacts/drivers/Thermostat/Thermostat.dll
                class: Examples.Thermostat
                watch: true
                settings: { poll: 30 }
              - id: lights
                script: drivers/lights.csx
            modules:
              - id: mod-thermo-1
                driver: examples-thermostat
                name: Thermostat
                ip: 127.0.0.1
                port: 4999
                settings: { target: 21.5 }
              - id: mod-light-1
                driver: lights
                uri: http://127.0.0.1:8080/
                enabled: false
            systems:
              - id: sys-room-1
                name: Room 1
                zones: [zone-syd, zone-syd-l1]
                modules: [mod-thermo-1, mod-light-1]
                settings: { room: one }
            api_keys:
              - name: demo
                key: "0123456789abcdef"
                role: admin
                systems: [sys-room-1]
              - name: panel
                key: fedcba9876543210
                role: user
                zones: [zone-syd]
            auth:
              jwt_secret: "0123456789abcdef0123456789abcdef"
            """);

        var result = ConfigLoader.Load(_folder.PathOf("config"));

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var config = result.Config;
        Assert.Equal(new OrgConfig("org-acme", "Acme Corp", new SourceLocation(file, 1, 6)), config.Org);

        Assert.Equal(["zone-syd", "zone-syd-l1"], config.Zones.Select(z => z.Id));
        var syd = config.ZonesById["zone-syd"];
        Assert.Equal("Sydney Office", syd.Name);
        Assert.Equal(["building"], syd.Tags);
        Assert.Null(syd.ParentId);
        Assert.Equal("""{"timezone":"Australia/Sydney"}""", syd.Settings.ToJsonString());
        Assert.Equal(new SourceLocation(file, 3, 5), syd.Location);
        var level = config.ZonesById["zone-syd-l1"];
        Assert.Equal(("Level 1", "zone-syd"), (level.Name, level.ParentId));
        Assert.Equal(["level", "north"], level.Tags);
        Assert.Equal("{}", level.Settings.ToJsonString());
        Assert.Equal(new SourceLocation(file, 7, 5), level.Location);

        var thermostat = config.DriversById["examples-thermostat"];
        Assert.Equal(DriverSourceKind.Assembly, thermostat.Kind);
        Assert.Equal(_folder.PathOf("artifacts/drivers/Thermostat/Thermostat.dll"), thermostat.Path);
        Assert.Equal("Examples.Thermostat", thermostat.ClassName);
        Assert.True(thermostat.Watch);
        Assert.Equal("""{"poll":30}""", thermostat.Settings.ToJsonString());
        Assert.Equal(new SourceLocation(file, 12, 5), thermostat.Location);
        var lights = config.DriversById["lights"];
        Assert.Equal(DriverSourceKind.Script, lights.Kind);
        Assert.Equal(_folder.PathOf("config/drivers/lights.csx"), lights.Path);
        Assert.Null(lights.ClassName);
        Assert.False(lights.Watch);
        Assert.Equal(["examples-thermostat", "lights"], config.Drivers.Select(d => d.Id));

        var thermo = config.ModulesById["mod-thermo-1"];
        Assert.Equal(("examples-thermostat", "Thermostat", "127.0.0.1", (int?)4999, (Uri?)null, true),
            (thermo.DriverId, thermo.Name, thermo.Ip, thermo.Port, thermo.Uri, thermo.Enabled));
        Assert.Equal("""{"target":21.5}""", thermo.Settings.ToJsonString());
        Assert.Equal(new SourceLocation(file, 20, 5), thermo.Location);
        var light = config.ModulesById["mod-light-1"];
        Assert.Equal(("lights", (string?)null, (string?)null, (int?)null, new Uri("http://127.0.0.1:8080/"), false),
            (light.DriverId, light.Name, light.Ip, light.Port, light.Uri, light.Enabled));

        var room = Assert.Single(config.Systems);
        Assert.Same(room, config.SystemsById["sys-room-1"]);
        Assert.Equal("Room 1", room.Name);
        Assert.Equal(["zone-syd", "zone-syd-l1"], room.ZoneIds);
        Assert.Equal(["mod-thermo-1", "mod-light-1"], room.ModuleIds);
        Assert.Equal("""{"room":"one"}""", room.Settings.ToJsonString());
        Assert.Equal(new SourceLocation(file, 31, 5), room.Location);

        Assert.Equal(["demo", "panel"], config.ApiKeys.Select(k => k.Name));
        var demo = config.ApiKeysByName["demo"];
        Assert.Equal(("0123456789abcdef", ApiKeyRole.Admin, false), (demo.Key, demo.Role, demo.AllSystems));
        Assert.Equal(["sys-room-1"], demo.SystemIds);
        Assert.Empty(demo.ZoneIds);
        var panel = config.ApiKeysByName["panel"];
        Assert.Equal(("fedcba9876543210", ApiKeyRole.User), (panel.Key, panel.Role));
        Assert.Equal(["zone-syd"], panel.ZoneIds);

        Assert.Equal(new AuthConfig("0123456789abcdef0123456789abcdef", new SourceLocation(file, 46, 3)), config.Auth);
    }

    [Fact]
    public void Lists_from_several_files_are_concatenated_in_file_name_order_and_may_refer_across_files()
    {
        _folder.Touch("Thermostat.dll");
        var b = _folder.Write("b-zones.yml", """
            zones:
              - { id: zone-b, name: B }
            """);
        var a = _folder.Write("a-org.yaml", """
            org: { id: org-acme, name: Acme Corp }
            zones:
              - { id: zone-a, name: A, parent: zone-b }
            """);
        _folder.Write("c-modules.yaml", """
            drivers:
              - { id: thermostat, assembly: Thermostat.dll }
            modules:
              - { id: mod-1, driver: thermostat }
            systems:
              - { id: sys-1, name: Room, zones: [zone-a, zone-b], modules: [mod-1] }
            """);
        _folder.Write("notes.txt", "zones: this is not config");
        _folder.Write("sub/ignored.yaml", "not: [valid");

        var config = _folder.LoadValid();

        Assert.Equal(["zone-a", "zone-b"], config.Zones.Select(z => z.Id));
        Assert.Equal(new SourceLocation(a, 3, 5), config.ZonesById["zone-a"].Location);
        Assert.Equal(new SourceLocation(b, 2, 5), config.ZonesById["zone-b"].Location);
        Assert.Equal("zone-b", config.ZonesById["zone-a"].ParentId);
        Assert.Equal(["mod-1"], config.SystemsById["sys-1"].ModuleIds);
        Assert.Null(config.Auth);
        Assert.Empty(config.ApiKeys);
    }

    [Fact]
    public void Empty_and_comment_only_files_contribute_nothing()
    {
        _folder.Write("a.yaml", "org: { id: org-acme, name: Acme Corp }\n");
        _folder.Write("b.yaml", "");
        _folder.Write("c.yaml", "# nothing here yet\n");
        _folder.Write("d.yaml", "---\n...\n");

        var config = _folder.LoadValid();

        Assert.Equal("org-acme", config.Org.Id);
        Assert.Empty(config.Zones);
    }

    [Fact]
    public void Unquoted_settings_values_are_typed_by_the_yaml_core_schema_and_quoted_ones_stay_text()
    {
        _folder.Write("a.yaml", """
            org: { id: org-acme, name: Acme Corp }
            zones:
              - id: zone-1
                name: Zone
                settings:
                  true_word: true
                  false_caps: FALSE
                  tilde: ~
                  null_word: null
                  empty:
                  int: 42
                  negative: -7
                  hex: 0x1F
                  octal: 0o17
                  float: 2.5
                  exponent: 1e3
                  big: 123456789012345678901234567890
                  quoted_int: "42"
                  quoted_bool: 'true'
                  quoted_null: "null"
                  yes_is_text: yes
                  text: hello world
                  version: 1.2.3
                  tagged: !!str 12
                  list: [1, two, "3", null, false]
                  nested: { a: { b: [0.5] } }
                  block: |
                    line 1
                    line 2
                  after_block: end
            """);

        var settings = _folder.LoadValid().ZonesById["zone-1"].Settings;

        var expected = JsonNode.Parse("""
            {
              "true_word": true, "false_caps": false, "tilde": null, "null_word": null, "empty": null,
              "int": 42, "negative": -7, "hex": 31, "octal": 15, "float": 2.5, "exponent": 1000,
              "big": 123456789012345678901234567890,
              "quoted_int": "42", "quoted_bool": "true", "quoted_null": "null", "yes_is_text": "yes",
              "text": "hello world", "version": "1.2.3", "tagged": "12",
              "list": [1, "two", "3", null, false], "nested": { "a": { "b": [0.5] } }, "block": "line 1\nline 2\n",
              "after_block": "end"
            }
            """)!;
        // Comparing the text also checks key order, which is declaration order.
        Assert.Equal(expected.ToJsonString(), settings.ToJsonString());
        Assert.Equal(42L, settings["int"]!.GetValue<long>());
        Assert.Equal(2.5, settings["float"]!.GetValue<double>());
    }

    [Fact]
    public void Settings_compare_by_value_with_json_equals_whatever_the_key_order()
    {
        _folder.Write("a.yaml", """
            org: { id: org-acme, name: Acme Corp }
            zones:
              - { id: zone-1, name: Zone, settings: { a: 1, b: [x, 2.5], c: { d: null } } }
            """);

        var settings = _folder.LoadValid().ZonesById["zone-1"].Settings;

        Assert.True(ConfigEquality.JsonEquals(settings, JsonNode.Parse("""{"c":{"d":null},"b":["x",2.5],"a":1}""")));
        Assert.False(ConfigEquality.JsonEquals(settings, JsonNode.Parse("""{"a":1,"b":[2.5,"x"],"c":{"d":null}}""")));
        Assert.False(ConfigEquality.JsonEquals(settings, JsonNode.Parse("""{"a":"1","b":["x",2.5],"c":{"d":null}}""")));
    }

    [Fact]
    public void An_api_key_and_jwt_secret_never_appear_in_the_records_text()
    {
        var key = new ApiKeyConfig("demo", "0123456789abcdef", ApiKeyRole.Admin, [], [], new SourceLocation("a.yaml", 1, 1));
        var auth = new AuthConfig("0123456789abcdef0123456789abcdef", new SourceLocation("a.yaml", 2, 1));

        Assert.DoesNotContain("0123456789abcdef", key.ToString());
        Assert.DoesNotContain("0123456789abcdef", auth.ToString());
    }
}
