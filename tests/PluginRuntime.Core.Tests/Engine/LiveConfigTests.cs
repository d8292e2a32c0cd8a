using PluginRuntime.Core.Engine;
using PluginRuntime.Core.Tests.Support;
using Microsoft.Extensions.Logging;

namespace PluginRuntime.Core.Tests.Engine;

/// <summary>Config edits: settings precedence, live settings, minimal diffs, and bad edits that change nothing.</summary>
public sealed class LiveConfigTests : IAsyncLifetime
{
    private readonly EngineFixture _fixture = EngineFixture.Create();

    private static string Config(string moduleBSettings = "greeting: b", string extra = "") => $$"""
        zones:
          - id: zone-building
            name: Building
            settings: { greeting: from-building, building_only: 1, zone_order: building }
          - id: zone-level
            name: Level
            parent: zone-building
            settings: { zone_order: level, level_only: 2 }
        drivers:
          - id: echo
            assembly: {behaviours}
            class: TestDrivers.Behaviours.EchoDriver
            settings: { driver_config: 3, greeting: from-driver-config }
        modules:
          - id: mod-a
            driver: echo
          - id: mod-b
            driver: echo
            settings: { {{moduleBSettings}} }
        {{extra}}
        systems:
          - id: sys-1
            name: One
            zones: [zone-level, zone-building]
            settings: { system_only: 4 }
            modules: [mod-a, mod-b]
        """;

    public async Task InitializeAsync() => await _fixture.ApplyValidAsync(Config());

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public void Settings_merge_module_over_system_over_zones_over_driver_config_over_class_defaults()
    {
        var a = Settings("mod-a");
        Assert.Equal("from-building", a["greeting"]!.GetValue<string>());      // zone beats driver config and defaults
        Assert.Equal("level", a["zone_order"]!.GetValue<string>());            // a zone's ancestors come before it; later zone wins
        Assert.Equal(1, a["building_only"]!.GetValue<long>());
        Assert.Equal(2, a["level_only"]!.GetValue<long>());
        Assert.Equal(3, a["driver_config"]!.GetValue<long>());
        Assert.Equal(4, a["system_only"]!.GetValue<long>());
        Assert.Equal("""{"a":1,"b":2}""", a["nested"]!.ToJsonString());     // class defaults are the base
        Assert.Equal("b", Settings("mod-b")["greeting"]!.GetValue<string>()); // module wins over everything
    }

    [Fact]
    public async Task A_settings_edit_reaches_only_the_changed_module_without_a_restart()
    {
        var before = _fixture.Engine.Modules.ToDictionary(m => m.Id);
        var report = await _fixture.ApplyValidAsync(Config("greeting: changed"));

        Assert.Equal(["mod-b"], report.SettingsUpdated);
        Assert.Empty(report.Started.Concat(report.Stopped).Concat(report.Restarted).Concat(report.Reconnected));
        Assert.All(_fixture.Engine.Modules, m => Assert.Same(before[m.Id], m));
        Assert.Equal("\"changed\"", _fixture.Status("mod-b", "greeting"));
        Assert.Equal("1", await _fixture.ExecOkAsync("sys-1", "Echo_2", "settings_change_count"));
        Assert.Equal("0", await _fixture.ExecOkAsync("sys-1", "Echo_1", "settings_change_count"));
    }

    [Fact]
    public async Task Adding_and_removing_modules_touches_only_those_modules()
    {
        var added = await _fixture.ApplyValidAsync(Config(extra: "  - id: mod-c\n    driver: echo"));
        Assert.Equal(["mod-c"], added.Started);
        Assert.Empty(added.Stopped.Concat(added.SettingsUpdated).Concat(added.Restarted));

        await _fixture.ExecOkAsync("sys-1", "Echo_1", "set_value", """["x", 1]""");
        var removed = await _fixture.ApplyValidAsync(Config().Replace("modules: [mod-a, mod-b]", "modules: [mod-b]").Replace("  - id: mod-a\n    driver: echo\n", ""));
        Assert.Equal(["mod-a", "mod-c"], removed.Stopped.Order());
        Assert.Null(_fixture.Status("mod-a", "x")); // a removed module's status is cleared (faces see null)
    }

    [Fact]
    public async Task A_connection_edit_reconnects_without_restarting()
    {
        var report = await _fixture.ApplyValidAsync(Config().Replace("  - id: mod-a\n    driver: echo\n", "  - id: mod-a\n    driver: echo\n    uri: http://127.0.0.1:9/\n"));
        Assert.Equal(["mod-a"], report.Reconnected);
        Assert.Empty(report.Restarted);
    }

    [Fact]
    public async Task A_broken_yaml_edit_keeps_the_last_good_config_running_and_reports_file_line_column()
    {
        var result = await _fixture.ApplyAsync(Config() + "\n  - id: [unclosed\n");

        Assert.False(result.Succeeded);
        var error = Assert.Single(_fixture.Engine.ConfigErrors);
        Assert.Matches(@"runtime\.yaml:\d+:\d+: ", error.ToString());
        Assert.Contains(_fixture.Logs.Messages(LogLevel.Error), m => m.Contains("runtime.yaml:") && m.StartsWith("Config error"));
        Assert.Equal("\"still here\"", await _fixture.ExecOkAsync("sys-1", "Echo_1", "echo", """["still here"]"""));
        Assert.Equal(2, _fixture.Engine.Modules.Count);
    }

    [Fact]
    public async Task An_invalid_reference_is_reported_with_its_location_and_nothing_changes()
    {
        var result = await _fixture.ApplyAsync(Config("greeting: never-applied").Replace("driver: echo\n    settings: { greeting: never-applied }", "driver: missing\n    settings: { greeting: never-applied }"));
        Assert.False(result.Succeeded);
        Assert.Contains(_fixture.Engine.ConfigErrors, e => e.ToString().Contains("missing") && e.Location.Line > 0);
        Assert.Equal("\"b\"", _fixture.Status("mod-b", "greeting"));

        var fixedAgain = await _fixture.ApplyValidAsync(Config());
        Assert.Empty(_fixture.Engine.ConfigErrors);
        Assert.Empty(fixedAgain.Touched);
    }

    [Fact]
    public async Task A_face_whose_change_handler_throws_neither_fails_the_apply_nor_silences_the_others()
    {
        int heard = 0;
        _fixture.Engine.Applied += _ => throw new InvalidOperationException("a face's bug");
        _fixture.Engine.Applied += _ => heard++;
        _fixture.Engine.Changed += () => throw new InvalidOperationException("another face's bug");

        var report = await _fixture.ApplyValidAsync(Config("greeting: after-a-bug"));

        Assert.Equal(["mod-b"], report.SettingsUpdated);
        Assert.Equal(1, heard);
        Assert.Equal(2, _fixture.Logs.Messages(Microsoft.Extensions.Logging.LogLevel.Error).Count(m => m == "A change handler failed"));
    }

    [Fact]
    public async Task The_config_folder_watcher_applies_an_edit_made_on_disk()
    {
        var applied = new TaskCompletionSource<ApplyReport>(TaskCreationOptions.RunContinuationsAsynchronously);
        _fixture.Engine.Applied += report => applied.TrySetResult(report);
        _fixture.Engine.WatchConfigFolder(_fixture.Folder.Path);

        _fixture.Folder.Write("runtime.yaml", EngineFixture.Org + Config("greeting: edited-on-disk").Replace("{behaviours}", RepoPaths.Behaviours));

        var report = await applied.Task.WithTimeout("the watcher to apply the edited runtime.yaml");
        Assert.Equal(["mod-b"], report.SettingsUpdated);
        Assert.Equal("\"edited-on-disk\"", _fixture.Status("mod-b", "greeting"));
    }

    private System.Text.Json.Nodes.JsonObject Settings(string moduleId)
    {
        Assert.True(_fixture.Engine.TryGetModule(moduleId, out var module));
        return module.Spec.Settings;
    }
}
