using System.Globalization;
using System.Text.RegularExpressions;
using PluginRuntime.Core.Exec;
using PluginRuntime.Core.Modules;
using PluginRuntime.Core.Scripting.Node;
using PluginRuntime.Core.Tests.Support;

namespace PluginRuntime.Core.Tests.Scripting.Node;

/// <summary>A crashed or hung Node.js process is restarted with backoff while the host and other drivers carry on.</summary>
public sealed class NodeSupervisionTests
{
    private const string Config = """
        drivers:
          - { id: thermostat, script: thermostat.js }
          - { id: panel, script: panel.js }
        modules:
          - { id: mod-t, driver: thermostat }
          - { id: mod-p, driver: panel }
        systems:
          - { id: sys-1, name: One, modules: [mod-t, mod-p] }
        """;

    private static async Task<EngineFixture> StartAsync(RuntimeOptions options)
    {
        var fixture = EngineFixture.Create(options);
        NodeScripts.CopyInto(fixture, "thermostat.js");
        NodeScripts.CopyInto(fixture, "panel.js");
        Assert.Empty((await fixture.ApplyValidAsync(Config)).DriverErrors);
        return fixture;
    }

    private static bool IsRestart(string message) => message.Contains("Node.js restarted as process", StringComparison.Ordinal);

    [Fact]
    public async Task A_crashed_process_restarts_with_growing_capped_delays_and_its_module_comes_back_with_its_status()
    {
        await using var fixture = await StartAsync(NodeScripts.Supervised());
        await fixture.ExecOkAsync("sys-1", "Thermostat_1", "set_setpoint", "[23]");
        var (connected, subscription) = fixture.Record("mod-t", "connected");
        using var _ = subscription;
        var restarted = fixture.Logs.WhenLogged(IsRestart);

        // The process dies, and the script then fails its next three starts before one succeeds.
        var crash = await fixture.ExecAsync("sys-1", "Thermostat_1", "crash_and_fail_starts", "[3]");
        await restarted.WithTimeout("the Node.js process to be restarted");
        await fixture.WhenStatus("mod-t", "loads", "2");
        // The script's onLoad may write its status before the host marks the module connected again.
        await fixture.WhenStatus("mod-t", "connected", "true");

        Assert.Equal((ExecStatus.RequestFailed, "The driver's Node.js process is down: it exited with code 3."), (crash.Status, crash.Error));
        var delays = fixture.Logs.Messages(Microsoft.Extensions.Logging.LogLevel.Error)
            .Select(m => Regex.Match(m, @"^Driver thermostat \(thermostat\.js\): its Node\.js process is down \((.*)\); restart attempt (\d+) in ([\d:.]+)$"))
            .Where(m => m.Success)
            .Select(m => (m.Groups[2].Value, TimeSpan.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture).TotalMilliseconds))
            .ToArray();
        Assert.Equal([("1", 20d), ("2", 40d), ("3", 80d), ("4", 80d)], delays); // doubling from 20 ms, capped at 80 ms
        lock (connected)
        {
            Assert.Equal(["true", "false", "true"], connected);
        }
        Assert.Equal("23", fixture.Status("mod-t", "setpoint"));  // status stayed in the runtime's store
        Assert.Equal("\"v1\"", await fixture.ExecOkAsync("sys-1", "Thermostat_1", "version"));
        Assert.Equal("24", await fixture.ExecOkAsync("sys-1", "Panel_1", "bump", "[1]")); // and its sibling reaches it again
    }

    [Fact]
    public async Task An_exec_while_the_process_is_down_gets_a_clear_error_and_other_drivers_keep_working()
    {
        var options = NodeScripts.Supervised() with
        {
            NodeScripts = new NodeScriptOptions { Backoff = new RestartBackoff { Initial = TimeSpan.FromMinutes(10), Max = TimeSpan.FromMinutes(10) } },
        };
        await using var fixture = await StartAsync(options);

        await fixture.ExecAsync("sys-1", "Thermostat_1", "crash");
        await fixture.WhenStatus("mod-t", "connected", "false");
        var down = await fixture.ExecAsync("sys-1", "Thermostat_1", "version");

        Assert.Equal(ExecStatus.RequestFailed, down.Status);
        Assert.Equal("Module 'mod-t' can't run 'version': the Node.js process of driver 'thermostat' (thermostat.js) is down " +
            "(it exited with code 3; restart attempt 1 in 600 s). The runtime restarts it; the module's 'connected' status turns true when it is back.",
            down.Error);
        Assert.Equal("true", fixture.Status("mod-p", "connected"));
        var viaSibling = await fixture.ExecAsync("sys-1", "Panel_1", "bump", "[1]");
        Assert.Contains("can't run 'warmer'", viaSibling.Error);
    }

    [Fact]
    public async Task A_hung_process_misses_its_heartbeat_is_killed_and_restarted()
    {
        await using var fixture = await StartAsync(NodeScripts.Supervised(heartbeatTimeout: TimeSpan.FromMilliseconds(500)));
        var restarted = fixture.Logs.WhenLogged(IsRestart);

        var hang = await fixture.ExecAsync("sys-1", "Thermostat_1", "hang");
        await restarted.WithTimeout("the hung Node.js process to be restarted");
        await fixture.WhenStatus("mod-t", "loads", "2");

        Assert.Equal("The driver's Node.js process is down: it did not answer a heartbeat within 0.5 s (hung) and was killed.", hang.Error);
        Assert.Contains(fixture.Logs.Messages(Microsoft.Extensions.Logging.LogLevel.Warning), m =>
            m.StartsWith("Driver thermostat (thermostat.js): Node.js process ", StringComparison.Ordinal) && m.EndsWith("did not answer a heartbeat within 00:00:00.5000000; killing it as hung", StringComparison.Ordinal));
        Assert.Equal("\"v1\"", await fixture.ExecOkAsync("sys-1", "Thermostat_1", "version"));
    }
}
