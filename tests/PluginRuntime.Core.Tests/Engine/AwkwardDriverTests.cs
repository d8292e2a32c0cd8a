using PluginRuntime.Core.Exec;
using PluginRuntime.Core.Modules;
using PluginRuntime.Core.Tests.Support;

namespace PluginRuntime.Core.Tests.Engine;

/// <summary>Drivers that block threads, throw from cancellation callbacks, fail in constructors, or need a fix to start.</summary>
public sealed class AwkwardDriverTests
{
    private static string Config(string awkwardSettings = "{}") => $$"""
        drivers:
          - id: awkward
            assembly: {behaviours}
            class: TestDrivers.Behaviours.AwkwardDriver
          - id: unbuildable
            assembly: {behaviours}
            class: TestDrivers.Behaviours.ThrowInConstructorDriver
          - id: echo
            assembly: {behaviours}
            class: TestDrivers.Behaviours.EchoDriver
        modules:
          - { id: mod-awkward, driver: awkward, settings: {{awkwardSettings}} }
          - { id: mod-unbuildable, driver: unbuildable }
          - { id: mod-echo, driver: echo }
        systems:
          - { id: sys-1, name: One, modules: [mod-awkward, mod-unbuildable, mod-echo] }
        """;

    [Fact]
    public async Task A_method_that_blocks_its_thread_blocks_only_its_own_caller()
    {
        await using var fixture = EngineFixture.Create();
        await fixture.ApplyValidAsync(Config("{ api_key: abc }"));

        // Exec runs the method inline (its dispatch costs nanoseconds, not a thread hand-off), so the caller that
        // asked for the blocking method waits for it; everyone else carries on.
        var blocked = Task.Run(() => fixture.ExecAsync("sys-1", "AwkwardDriver_1", "block"));
        Assert.Equal("\"pong\"", await fixture.ExecOkAsync("sys-1", "AwkwardDriver_1", "ping").WithTimeout("ping while block runs"));
        Assert.Equal("\"ok\"", await fixture.ExecOkAsync("sys-1", "Echo_1", "echo", """["ok"]""").WithTimeout("another module while block runs"));
        var result = await blocked.WithTimeout("the blocking method to return");
        Assert.True(result.IsSuccess, result.Error);
        Assert.Equal("\"woke\"", System.Text.Encoding.UTF8.GetString(result.Json!));
    }

    [Fact]
    public async Task A_constructor_failure_is_reported_with_the_drivers_own_message()
    {
        await using var fixture = EngineFixture.Create();
        await fixture.ApplyValidAsync(Config("{ api_key: abc }"));

        Assert.True(fixture.Engine.TryGetModule("mod-unbuildable", out var module));
        Assert.Equal("Constructor of ThrowInConstructorDriver failed: constructor exploded on purpose", module.StartError);
        var exec = await fixture.ExecAsync("sys-1", "ThrowInConstructorDriver_1", "ping");
        Assert.Equal(ExecStatus.ModuleNotFound, exec.Status);
        Assert.EndsWith("It failed to start: Constructor of ThrowInConstructorDriver failed: constructor exploded on purpose", exec.Error);
    }

    [Fact]
    public async Task A_module_that_failed_to_load_starts_again_once_its_settings_are_fixed()
    {
        await using var fixture = EngineFixture.Create();
        await fixture.ApplyValidAsync(Config());
        Assert.True(fixture.Engine.TryGetModule("mod-awkward", out var failed));
        Assert.StartsWith("OnLoadAsync failed: Module 'mod-awkward' needs setting 'api_key'", failed.StartError);

        var report = await fixture.ApplyValidAsync(Config("{ api_key: abcdef }"));

        Assert.Equal(["mod-awkward"], report.Restarted);
        Assert.True(fixture.Engine.TryGetModule("mod-awkward", out var fixedModule));
        Assert.Null(fixedModule.StartError);
        Assert.Equal("6", fixture.Status("mod-awkward", "api_key_length"));
    }

    [Fact]
    public async Task A_throwing_cancellation_callback_does_not_stop_a_config_edit_from_removing_its_module()
    {
        await using var fixture = EngineFixture.Create();
        await fixture.ApplyValidAsync(Config("{ api_key: abc }"));

        var report = await fixture.ApplyValidAsync(Config("{ api_key: abc }")
            .Replace("  - { id: mod-awkward, driver: awkward, settings: { api_key: abc } }\n", "")
            .Replace("mod-awkward, ", ""));

        Assert.Equal(["mod-awkward"], report.Stopped);
        Assert.False(fixture.Engine.TryGetModule("mod-awkward", out _));
        Assert.Contains(fixture.Logs.Messages(Microsoft.Extensions.Logging.LogLevel.Error),
            m => m == "Module mod-awkward: a cancellation callback threw while cancelling stop");
        Assert.Equal("\"ok\"", await fixture.ExecOkAsync("sys-1", "Echo_1", "echo", """["ok"]"""));
    }

    [Fact]
    public async Task Dispose_is_not_callable_from_outside()
    {
        await using var fixture = EngineFixture.Create();
        await fixture.ApplyValidAsync(Config("{ api_key: abc }"));
        var result = await fixture.ExecAsync("sys-1", "AwkwardDriver_1", "dispose");
        Assert.Equal(ExecStatus.BadRequest, result.Status);
        Assert.Equal("Module 'mod-awkward' (AwkwardDriver) has no method 'dispose'. Its methods: block, ping.", result.Error);
    }
}
