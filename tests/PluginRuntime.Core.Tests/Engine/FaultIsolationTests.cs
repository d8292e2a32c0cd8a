using Microsoft.Extensions.Logging;
using PluginRuntime.Core.Exec;
using PluginRuntime.Core.Modules;
using PluginRuntime.Core.Tests.Support;
using PluginRuntime.Sdk.Testing;

namespace PluginRuntime.Core.Tests.Engine;

/// <summary>Drivers that throw or hang, at load, in a method or in a timer, never disturb the host or their neighbours.</summary>
public sealed class FaultIsolationTests
{
    // Long enough that the well-behaved modules in the same config never hit it on a busy 2-core machine.
    private static readonly TimeSpan HangTimeout = TimeSpan.FromSeconds(1.5);

    private const string Config = """
        drivers:
          - id: echo
            assembly: {behaviours}
            class: TestDrivers.Behaviours.EchoDriver
          - id: throw-on-load
            assembly: {behaviours}
            class: TestDrivers.Behaviours.ThrowOnLoadDriver
          - id: hang-on-load
            assembly: {behaviours}
            class: TestDrivers.Behaviours.HangOnLoadDriver
          - id: faulty
            assembly: {behaviours}
            class: TestDrivers.Behaviours.FaultyDriver
        modules:
          - { id: mod-echo, driver: echo }
          - { id: mod-throw, driver: throw-on-load }
          - { id: mod-hang, driver: hang-on-load }
          - { id: mod-faulty, driver: faulty }
        systems:
          - id: sys-1
            name: One
            modules: [mod-echo, mod-throw, mod-hang, mod-faulty]
        """;

    [Fact]
    public async Task A_driver_that_throws_or_hangs_in_OnLoad_is_reported_and_the_others_run()
    {
        await using var fixture = EngineFixture.Create(new RuntimeOptions { LifecycleTimeout = HangTimeout });
        await fixture.ApplyValidAsync(Config);

        Assert.True(fixture.Engine.TryGetModule("mod-throw", out var thrower));
        Assert.Equal("OnLoadAsync failed: load exploded on purpose", thrower.StartError);
        Assert.True(fixture.Engine.TryGetModule("mod-hang", out var hanger));
        Assert.Equal("OnLoadAsync failed: OnLoadAsync on module 'mod-hang' did not finish within 1.5 s.", hanger.StartError);

        Assert.Contains(fixture.Logs.Messages(LogLevel.Error), m => m == "Module mod-throw: OnLoadAsync threw InvalidOperationException: load exploded on purpose");
        Assert.Equal("\"pong\"", await fixture.ExecOkAsync("sys-1", "ThrowOnLoadDriver_1", "ping"));
        Assert.Equal("\"ok\"", await fixture.ExecOkAsync("sys-1", "Echo_1", "echo", """["ok"]"""));
    }

    [Fact]
    public async Task A_throwing_method_returns_its_message_and_the_module_keeps_serving()
    {
        await using var fixture = EngineFixture.Create(new RuntimeOptions { LifecycleTimeout = HangTimeout });
        await fixture.ApplyValidAsync(Config);

        var sync = await fixture.ExecAsync("sys-1", "FaultyDriver_1", "explode");
        Assert.Equal((ExecStatus.RequestFailed, "method exploded on purpose"), (sync.Status, sync.Error));
        var async = await fixture.ExecAsync("sys-1", "FaultyDriver_1", "explode_later_async");
        Assert.Equal((ExecStatus.RequestFailed, "async method exploded on purpose"), (async.Status, async.Error));
        Assert.Contains(fixture.Logs.Messages(LogLevel.Error), m => m == "Module mod-faulty: explode threw InvalidOperationException: method exploded on purpose");

        Assert.Equal("\"pong\"", await fixture.ExecOkAsync("sys-1", "FaultyDriver_1", "ping"));
        Assert.Equal("\"ok\"", await fixture.ExecOkAsync("sys-1", "Echo_1", "echo", """["ok"]"""));
    }

    [Fact]
    public async Task A_hanging_method_times_out_for_its_caller_only()
    {
        await using var fixture = EngineFixture.Create(new RuntimeOptions
        {
            LifecycleTimeout = HangTimeout,
            MethodTimeout = HangTimeout,
        });
        await fixture.ApplyValidAsync(Config);

        var hung = await fixture.ExecAsync("sys-1", "FaultyDriver_1", "hang");
        Assert.Equal((ExecStatus.RequestFailed, "hang on module 'mod-faulty' did not finish within 1.5 s."), (hung.Status, hung.Error));
        Assert.Equal("\"pong\"", await fixture.ExecOkAsync("sys-1", "FaultyDriver_1", "ping"));
    }

    [Fact]
    public async Task A_throwing_timer_is_logged_keeps_its_schedule_and_harms_nobody()
    {
        var time = new FakeTimeProvider();
        await using var fixture = EngineFixture.Create(new RuntimeOptions { LifecycleTimeout = TimeSpan.FromSeconds(5) }, time);
        await fixture.ApplyValidAsync(Config.Replace("  - { id: mod-hang, driver: hang-on-load }\n", "").Replace("mod-hang, ", ""));

        static bool TimerFailure(string m) => m.StartsWith("Module mod-faulty: schedule:") && m.EndsWith("timer exploded on purpose");
        for (int tick = 1; tick <= 3; tick++)
        {
            time.Advance(TimeSpan.FromMilliseconds(20));
            // Runs go through the invoker on the pool; the failure is logged once the next run is armed.
            await fixture.Logs.WhenLogged(TimerFailure, tick).WithTimeout($"timer run {tick} to fail and be logged");
        }
        Assert.Equal("3", fixture.Status("mod-faulty", "timer_runs"));
        Assert.Equal("\"ok\"", await fixture.ExecOkAsync("sys-1", "Echo_1", "echo", """["ok"]"""));
    }
}
