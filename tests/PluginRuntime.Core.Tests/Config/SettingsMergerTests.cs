using System.Text.Json.Nodes;
using PluginRuntime.Core.Config;

namespace PluginRuntime.Core.Tests.Config;

public sealed class SettingsMergerTests : IDisposable
{
    private readonly TempConfigFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static JsonObject Json(string json) => JsonNode.Parse(json)!.AsObject();

    // Key order depends on which layer introduced a key first; what matters here is the content.
    private static void AssertJson(string expected, JsonObject actual) =>
        Assert.True(ConfigEquality.JsonEquals(JsonNode.Parse(expected), actual), $"Expected {expected}\nbut got {actual.ToJsonString()}");

    [Fact]
    public void Objects_merge_key_by_key_and_everything_else_is_replaced_whole()
    {
        var merged = SettingsMerger.Merge(
            Json("""{"a":1,"list":[1,2,3],"obj":{"x":1,"deep":{"p":1,"q":2}},"text":"low","becomes_object":5}"""),
            Json("""{"list":[9],"obj":{"y":2,"deep":{"q":20}},"text":"high","becomes_object":{"k":true}}"""));

        Assert.Equal(
            """{"a":1,"list":[9],"obj":{"x":1,"deep":{"p":1,"q":20},"y":2},"text":"high","becomes_object":{"k":true}}""",
            merged.ToJsonString());
    }

    [Fact]
    public void An_explicit_null_in_a_higher_layer_deletes_the_key_at_any_depth()
    {
        var merged = SettingsMerger.Merge(
            Json("""{"gone":1,"keep":2,"obj":{"gone":1,"keep":2}}"""),
            Json("""{"gone":null,"obj":{"gone":null},"never_there":null,"fresh":{"a":null,"b":1}}"""));

        Assert.Equal("""{"keep":2,"obj":{"keep":2},"fresh":{"b":1}}""", merged.ToJsonString());
    }

    [Fact]
    public void Null_layers_are_skipped_and_the_result_shares_nothing_with_the_inputs()
    {
        var low = Json("""{"obj":{"a":1},"list":[{"b":2}]}""");
        var high = Json("""{"obj":{"c":3}}""");

        var merged = SettingsMerger.Merge(null, low, null, high);
        merged["obj"]!["a"] = 100;
        merged["list"]![0]!["b"] = 200;

        Assert.Equal("""{"obj":{"a":1},"list":[{"b":2}]}""", low.ToJsonString());
        Assert.Equal("""{"obj":{"c":3}}""", high.ToJsonString());
        Assert.Equal("{}", SettingsMerger.Merge().ToJsonString());
    }

    [Fact]
    public void Module_settings_layer_driver_defaults_driver_zones_system_and_module_in_that_order()
    {
        var config = LoadLayeredConfig();
        var defaults = Json("""{"from":"defaults","only_defaults":1,"deleted_by_module":"x"}""");

        var settings = SettingsMerger.ForModule(config, config.ModulesById["mod-1"], config.SystemsById["sys-1"], defaults);

        AssertJson(
            """
            {
              "from": "module", "zone": "area", "only_defaults": 1, "only_driver": 2, "only_building": 3,
              "only_level": 4, "only_area": 5, "only_system": 6, "only_module": 7,
              "nested": { "building": true, "area": true }
            }
            """,
            settings);
    }

    [Fact]
    public void A_later_zone_of_the_system_wins_over_an_earlier_one_and_ancestors_come_before_their_zone()
    {
        var config = LoadLayeredConfig();

        // sys-1 lists [zone-level, zone-area]: the building (ancestor of both) is placed once, first.
        Assert.Equal(
            ["zone-building", "zone-level", "zone-area"],
            SettingsMerger.ZoneLayers(config, config.SystemsById["sys-1"]).Select(z => z.Id));
        // sys-2 lists [zone-area, zone-level]: now the level comes after the area and wins.
        Assert.Equal(
            ["zone-building", "zone-area", "zone-level"],
            SettingsMerger.ZoneLayers(config, config.SystemsById["sys-2"]).Select(z => z.Id));
        var settings = SettingsMerger.ForModule(config, config.ModulesById["mod-1"], config.SystemsById["sys-2"], null);
        Assert.Equal("level", settings["zone"]!.GetValue<string>());
    }

    [Fact]
    public void Module_settings_outside_a_system_use_only_driver_and_module_layers()
    {
        var config = LoadLayeredConfig();

        var settings = SettingsMerger.ForModule(config, config.ModulesById["mod-1"], system: null,
            Json("""{"from":"defaults","deleted_by_module":"x"}"""));

        Assert.Equal("""{"from":"module","only_driver":2,"only_module":7}""", settings.ToJsonString());
    }

    [Fact]
    public void Effective_settings_never_alias_the_loaded_config()
    {
        var config = LoadLayeredConfig();
        var module = config.ModulesById["mod-1"];

        var settings = SettingsMerger.ForModule(config, module, config.SystemsById["sys-1"], null);
        settings["nested"]!["area"] = false;

        Assert.True(config.ZonesById["zone-area"].Settings["nested"]!["area"]!.GetValue<bool>());
    }

    [Fact]
    public void Asking_for_a_module_in_a_system_that_does_not_list_it_throws()
    {
        var config = LoadLayeredConfig();

        var error = Assert.Throws<ArgumentException>(() =>
            SettingsMerger.ForModule(config, config.ModulesById["mod-2"], config.SystemsById["sys-1"], null));
        Assert.StartsWith("Module 'mod-2' is not in system 'sys-1'.", error.Message);
    }

    private RuntimeConfig LoadLayeredConfig()
    {
        _folder.Touch("Thermostat.dll");
        _folder.Write("config.yaml", """
            org: { id: org-acme, name: Acme Corp }
            zones:
              - id: zone-building
                name: Building
                settings: { from: building, zone: building, only_building: 3, nested: { building: true } }
              - id: zone-level
                name: Level
                parent: zone-building
                settings: { from: level, zone: level, only_level: 4 }
              - id: zone-area
                name: Area
                parent: zone-building
                settings: { from: area, zone: area, only_area: 5, nested: { area: true } }
            drivers:
              - id: thermostat
                assembly: Thermostat.dll
                settings: { from: driver, only_driver: 2 }
            modules:
              - id: mod-1
                driver: thermostat
                settings: { from: module, only_module: 7, deleted_by_module: null }
              - id: mod-2
                driver: thermostat
            systems:
              - id: sys-1
                name: Room 1
                zones: [zone-level, zone-area]
                modules: [mod-1]
                settings: { from: system, only_system: 6 }
              - id: sys-2
                name: Room 2
                zones: [zone-area, zone-level]
                modules: [mod-1, mod-2]
            """);
        return _folder.LoadValid();
    }
}
