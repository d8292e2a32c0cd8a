using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using PluginRuntime.Core.Exec;
using PluginRuntime.Core.Tests.Support;
using PluginRuntime.Sdk;
using PluginRuntime.Sdk.Testing;

namespace PluginRuntime.Core.Tests.Scripting.Node;

/// <summary>JavaScript and TypeScript drivers, run by real Node.js, behave like C# drivers in the engine.</summary>
public sealed class JsDriverTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new();
    private EngineFixture _fixture = null!;

    private static string Config(int step = 1) => $$"""
        drivers:
          - id: thermostat-js
            script: thermostat.js
            settings: { step: {{step}} }
          - id: thermostat-ts
            script: thermostat.ts
          - id: panel
            script: panel.js
        modules:
          - { id: mod-js, driver: thermostat-js }
          - { id: mod-panel, driver: panel }
          - { id: mod-ts, driver: thermostat-ts }
          - { id: mod-ts-panel, driver: panel }
        systems:
          - { id: sys-js, name: JS, modules: [mod-js, mod-panel] }
          - { id: sys-ts, name: TS, modules: [mod-ts, mod-ts-panel] }
        """;

    public async Task InitializeAsync()
    {
        _fixture = EngineFixture.Create(time: _time);
        foreach (var script in new[] { "thermostat.js", "thermostat.ts", "panel.js" })
        {
            NodeScripts.CopyInto(_fixture, script);
        }
        var report = await _fixture.ApplyValidAsync(Config());
        Assert.Empty(report.DriverErrors);
    }

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public void A_script_describes_its_driver_and_methods_like_attributes_do_for_a_class()
    {
        Assert.True(_fixture.Engine.TryGetModule("mod-js", out var module));
        var descriptor = module.Driver.Descriptor;
        Assert.Equal(("JS Thermostat", "Thermostat", "A thermostat written in JavaScript"), (descriptor.Name, descriptor.DefaultModuleName, descriptor.Description));
        Assert.Equal("""{"step":1,"poll":"5s"}""", descriptor.DefaultSettings.ToJsonString());
        Assert.Equal(["set_setpoint", "warmer", "remind_at", "start_cron", "version", "fail", "fail_later", "log_at", "print_raw", "needs_missing_setting", "crash", "crash_and_fail_starts", "hang"],
            module.Methods.Select(m => m.Name));
        var setSetpoint = module.Methods[0];
        Assert.Equal(SecurityLevel.Support, setSetpoint.Security);
        Assert.Equal("""{"type":"number"}""", setSetpoint.Parameters[0].Schema.ToJsonString());
        Assert.True(module.Methods.Single(m => m.Name == "warmer").Parameters[0].IsOptional); // `by = 1`
        Assert.Equal("1", _fixture.Status("mod-js", "step"));   // defaults, then the driver config's settings
        Assert.Equal("true", _fixture.Status("mod-js", "connected"));
    }

    [Fact]
    public async Task Sync_and_async_methods_take_arguments_return_values_and_status_changes_are_detected()
    {
        Assert.Equal("""{"value":22,"changed":true}""", await _fixture.ExecOkAsync("sys-js", "Thermostat_1", "set_setpoint", "[22]"));
        Assert.Equal("""{"value":22,"changed":false}""", await _fixture.ExecOkAsync("sys-js", "Thermostat_1", "set_setpoint", """{"value": 22}"""));
        Assert.Equal("24", await _fixture.ExecOkAsync("sys-js", "Thermostat_1", "warmer", """{"by": 2}"""));
        Assert.Equal("25", await _fixture.ExecOkAsync("sys-js", "Thermostat_1", "warmer"));
        Assert.Equal("25", _fixture.Status("mod-js", "setpoint"));
        Assert.Equal("\"v1\"", await _fixture.ExecOkAsync("sys-js", "Thermostat_1", "version"));
    }

    [Fact]
    public async Task A_thrown_error_fails_the_exec_with_its_message_and_script_location_and_the_module_carries_on()
    {
        string script = Path.Combine(_fixture.Folder.Path, "thermostat.js");
        var sync = await _fixture.ExecAsync("sys-js", "Thermostat_1", "fail");
        Assert.Equal(ExecStatus.RequestFailed, sync.Status);
        Assert.Matches($"^the valve is stuck \\(at {Regex.Escape(script)}:\\d+:\\d+\\)$", sync.Error);
        var later = await _fixture.ExecAsync("sys-js", "Thermostat_1", "fail_later");
        Assert.StartsWith("the valve failed later (at ", later.Error);
        var missing = await _fixture.ExecAsync("sys-js", "Thermostat_1", "needs_missing_setting");
        Assert.StartsWith("Module 'mod-js' needs setting 'no_such_setting', but it is not set.", missing.Error);
        Assert.Contains(_fixture.Logs.Messages(LogLevel.Error), m => m.Contains("the valve is stuck"));
        Assert.Equal("\"v1\"", await _fixture.ExecOkAsync("sys-js", "Thermostat_1", "version"));
    }

    [Fact]
    public async Task Arguments_are_checked_against_the_declared_schema_before_any_script_runs()
    {
        var wrong = await _fixture.ExecAsync("sys-js", "Thermostat_1", "set_setpoint", """["hot"]""");
        Assert.Equal("""Argument 'value' of 'set_setpoint' should be a number, but got string "hot".""", wrong.Error);
        var missing = await _fixture.ExecAsync("sys-js", "Thermostat_1", "set_setpoint");
        Assert.Contains("missing required argument 'value'", missing.Error);
        Assert.Null(_fixture.Status("mod-js", "setpoint"));
    }

    [Fact]
    public async Task A_settings_edit_reaches_the_running_script()
    {
        var report = await _fixture.ApplyValidAsync(Config(step: 5));

        Assert.Contains("mod-js", report.SettingsUpdated);
        Assert.Equal("5", _fixture.Status("mod-js", "step"));
        Assert.Contains(_fixture.Logs.Entries, e => e.Level == LogLevel.Warning && e.Message == "step is now 5");
        Assert.Equal("1", _fixture.Status("mod-js", "loads")); // not restarted
        Assert.Equal("30", await _fixture.ExecOkAsync("sys-js", "Thermostat_1", "warmer", "[2]"));
    }

    [Theory]
    [InlineData("trace", LogLevel.Trace)]
    [InlineData("debug", LogLevel.Debug)]
    [InlineData("info", LogLevel.Information)]
    [InlineData("warn", LogLevel.Warning)]
    [InlineData("error", LogLevel.Error)]
    public async Task The_script_logs_into_the_module_log_at_each_level(string level, LogLevel expected)
    {
        await _fixture.ExecOkAsync("sys-js", "Thermostat_1", "log_at", $"""["{level}", "hello {level}"]""");

        Assert.Contains(_fixture.Logs.Entries, e => e.Level == expected && e.Message == $"hello {level}" &&
            e.Category == "PluginRuntime.Driver.NodeScriptDriver");
        Assert.Contains(_fixture.Logs.Entries, e => e.Level == LogLevel.Information && e.Message == $"console says hello {level}");
    }

    [Fact]
    public async Task Raw_output_of_the_node_process_lands_in_the_module_log_without_breaking_the_protocol()
    {
        var logged = _fixture.Logs.WhenLogged(m => m == "[node] {\"t\":\"not a protocol message\"}");
        await _fixture.ExecOkAsync("sys-js", "Thermostat_1", "print_raw", """["{\"t\":\"not a protocol message\"}"]""");

        await logged.WithTimeout("the raw line in the module log");
        Assert.Contains(_fixture.Logs.Entries, e => e.Level == LogLevel.Warning && e.Category == "PluginRuntime.Driver.NodeScriptDriver" &&
            e.Message == "[node] {\"t\":\"not a protocol message\"}");
        Assert.Equal("\"v1\"", await _fixture.ExecOkAsync("sys-js", "Thermostat_1", "version"));
    }

    [Fact]
    public async Task A_schedule_made_by_the_script_runs_on_the_runtime_clock()
    {
        Assert.Null(_fixture.Status("mod-js", "ticks"));
        _time.Advance(TimeSpan.FromSeconds(5));
        await _fixture.WhenStatus("mod-js", "ticks", "1");
        _time.Advance(TimeSpan.FromSeconds(5));
        await _fixture.WhenStatus("mod-js", "ticks", "2");

        Assert.Null(_fixture.Status("mod-ts", "fired")); // the TS driver's one-off is due at 11 s
        _time.Advance(TimeSpan.FromSeconds(1));
        await _fixture.WhenStatus("mod-ts", "fired", "true");
    }

    [Fact]
    public async Task At_and_cron_schedules_run_on_the_runtime_clock_too()
    {
        string when = _time.GetUtcNow().AddSeconds(30).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        await _fixture.ExecOkAsync("sys-js", "Thermostat_1", "remind_at", $"""["{when}"]""");
        await _fixture.ExecOkAsync("sys-js", "Thermostat_1", "start_cron");

        _time.Advance(TimeSpan.FromSeconds(30));
        await _fixture.WhenStatus("mod-js", "reminded", $"\"{when}\"");
        _time.Advance(TimeSpan.FromSeconds(90)); // two minutes in all: exactly one */2 occurrence
        await _fixture.WhenStatus("mod-js", "cron_runs", "1");
    }

    [Fact]
    public async Task A_script_calls_reads_and_follows_a_sibling_module()
    {
        Assert.Equal("21", await _fixture.ExecOkAsync("sys-js", "Panel_1", "bump", "[1]"));
        await _fixture.WhenStatus("mod-panel", "seen_setpoint", "21");
        Assert.Equal("21", await _fixture.ExecOkAsync("sys-js", "Panel_1", "read_setpoint"));
        await _fixture.ExecOkAsync("sys-js", "Thermostat_1", "set_setpoint", "[18]");
        await _fixture.WhenStatus("mod-panel", "seen_setpoint", "18");

        var missing = await _fixture.ExecAsync("sys-js", "Panel_1", "call_missing");
        Assert.StartsWith("Nowhere_1.anything in system 'sys-js' failed:", missing.Error);
    }

    [Fact]
    public async Task A_typescript_driver_has_status_typed_methods_errors_and_settings()
    {
        Assert.True(_fixture.Engine.TryGetModule("mod-ts", out var module));
        Assert.Equal("TS Thermostat", module.Driver.Descriptor.Name);
        Assert.Equal("""{"value":21,"unit":"C"}""", await _fixture.ExecOkAsync("sys-ts", "Thermostat_1", "set_setpoint", "[21]"));
        Assert.Equal("25", await _fixture.ExecOkAsync("sys-ts", "Thermostat_1", "warmer", "[2]")); // default step 2
        Assert.Equal("\"ts-v1\"", await _fixture.ExecOkAsync("sys-ts", "Thermostat_1", "version"));
        var failed = await _fixture.ExecAsync("sys-ts", "Thermostat_1", "fail");
        // Source maps point the error at the .ts line, not the transpiled JavaScript.
        Assert.Matches($"^typed failure \\(at .*thermostat\\.ts:\\d+:\\d+\\)$", failed.Error);
        Assert.Equal("27", await _fixture.ExecOkAsync("sys-ts", "Panel_1", "bump", "[1]"));
        Assert.Equal("1", _fixture.Status("mod-ts", "loads"));
    }

    [Fact]
    public async Task A_script_that_does_not_parse_is_a_load_error_with_file_line_and_column()
    {
        await using var fixture = EngineFixture.Create();
        string broken = fixture.Folder.Write("broken.js", "const { Driver } = require('plugin-runtime');\nmodule.exports = class extends Driver {\n  oops( {\n};\n");
        string brokenTs = fixture.Folder.Write("broken.ts", "import { Driver } from 'plugin-runtime';\nconst x: number = ;\n");
        var result = await fixture.ApplyAsync("""
            drivers:
              - { id: broken-js, script: broken.js }
              - { id: broken-ts, script: broken.ts }
            """);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));

        Assert.Matches($"^Driver 'broken-js': {Regex.Escape(broken)}:\\d+:\\d+: SyntaxError: ", fixture.Engine.DriverErrors["broken-js"]);
        Assert.Equal($"Driver 'broken-ts': {brokenTs}:2:19: error TS1109: Expression expected.", fixture.Engine.DriverErrors["broken-ts"]);
    }
}
