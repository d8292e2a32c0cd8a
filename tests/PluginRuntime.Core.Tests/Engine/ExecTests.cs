using PluginRuntime.Core.Exec;
using PluginRuntime.Core.Tests.Support;
using PluginRuntime.Sdk;

namespace PluginRuntime.Core.Tests.Engine;

/// <summary>Exec through the engine into a real plugin: addressing, binding, clearance, errors.</summary>
public sealed class ExecTests : IAsyncLifetime
{
    private readonly EngineFixture _fixture = EngineFixture.Create();

    private const string Config = """
        drivers:
          - id: echo
            assembly: {behaviours}
            class: TestDrivers.Behaviours.EchoDriver
          - id: relay
            assembly: {behaviours}
            class: TestDrivers.Behaviours.RelayDriver
        modules:
          - id: mod-echo-a
            driver: echo
          - id: mod-echo-b
            driver: echo
          - id: mod-panel
            driver: echo
            name: Panel
          - id: mod-relay
            driver: relay
        systems:
          - id: sys-room
            name: Room
            modules: [mod-echo-a, mod-echo-b, mod-panel, mod-relay]
          - id: sys-other
            name: Other
            modules: [mod-echo-b]
        """;

    public async Task InitializeAsync() => await _fixture.ApplyValidAsync(Config);

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task Modules_are_addressed_by_name_and_index_in_system_order()
    {
        Assert.True(_fixture.Engine.Directory.TryResolve("sys-room", "Echo", 1, out var first));
        Assert.True(_fixture.Engine.Directory.TryResolve("sys-room", "Echo", 2, out var second));
        Assert.True(_fixture.Engine.Directory.TryResolve("sys-room", "Panel", 1, out var panel));
        Assert.True(_fixture.Engine.Directory.TryResolve("sys-other", "Echo", 1, out var other));
        Assert.Equal(("mod-echo-a", "mod-echo-b", "mod-panel", "mod-echo-b"), (first, second, panel, other));
        Assert.Equal("\"hi\"", await _fixture.ExecOkAsync("sys-room", "Panel_1", "echo", """["hi"]"""));
    }

    [Fact]
    public async Task Exec_binds_positional_and_named_arguments_with_defaults()
    {
        Assert.Equal("5", await _fixture.ExecOkAsync("sys-room", "Echo_1", "add", "[2, 3]"));
        Assert.Equal("12", await _fixture.ExecOkAsync("sys-room", "Echo_1", "add", """{"a": 2}"""));
    }

    [Fact]
    public async Task A_type_error_is_a_bad_request_naming_the_parameter()
    {
        var result = await _fixture.ExecAsync("sys-room", "Echo_1", "add", """["x", 1]""");
        Assert.Equal(ExecStatus.BadRequest, result.Status);
        Assert.Equal("Argument 'a' of 'add' should be an integer, but got string \"x\".", result.Error);
    }

    [Fact]
    public async Task Unknown_system_module_and_method_each_get_their_own_error()
    {
        var system = await _fixture.ExecAsync("sys-nope", "Echo_1", "echo");
        Assert.Equal((ExecStatus.SystemNotFound, "System 'sys-nope' does not exist."), (system.Status, system.Error));

        var module = await _fixture.ExecAsync("sys-room", "Echo_7", "echo");
        Assert.Equal(ExecStatus.ModuleNotFound, module.Status);
        Assert.Equal("System 'sys-room' has no module Echo_7. Its modules: Echo_1, Echo_2, Panel_1, Relay_1.", module.Error);

        var method = await _fixture.ExecAsync("sys-room", "Echo_1", "nope");
        Assert.Equal(ExecStatus.BadRequest, method.Status);
        Assert.StartsWith("Module 'mod-echo-a' (Echo) has no method 'nope'. Its methods: echo, add,", method.Error);
    }

    [Fact]
    public async Task Clearance_and_system_scope_are_enforced()
    {
        var user = new Caller("key-user", SecurityLevel.User, id => id == "sys-room");
        var denied = await _fixture.ExecAsync("sys-room", "Echo_1", "admin_only", caller: user);
        Assert.Equal((ExecStatus.AccessDenied, "'admin_only' needs admin clearance; 'key-user' has user."), (denied.Status, denied.Error));

        var outOfScope = await _fixture.ExecAsync("sys-other", "Echo_1", "echo", """["x"]""", user);
        Assert.Equal((ExecStatus.AccessDenied, "'key-user' may not access system 'sys-other'."), (outOfScope.Status, outOfScope.Error));

        var admin = new Caller("key-admin", SecurityLevel.Admin);
        Assert.True((await _fixture.ExecAsync("sys-room", "Echo_1", "admin_only", caller: admin)).IsSuccess);
    }

    [Fact]
    public async Task A_driver_exception_becomes_a_request_failed_result_with_its_message()
    {
        var result = await _fixture.ExecAsync("sys-room", "Echo_1", "required", """["missing_key"]""");
        Assert.Equal(ExecStatus.RequestFailed, result.Status);
        Assert.StartsWith("Module 'mod-echo-a' needs setting 'missing_key', but it is not set.", result.Error);
    }

    [Fact]
    public async Task A_module_calls_a_sibling_and_subscribes_to_its_status_through_the_runtime()
    {
        Assert.Equal("\"ping\"", await _fixture.ExecOkAsync("sys-room", "Relay_1", "relay", """["ping"]"""));
        Assert.Equal("3", await _fixture.ExecOkAsync("sys-room", "Relay_1", "sensors"));

        var failed = await _fixture.ExecAsync("sys-room", "Relay_1", "call_missing");
        Assert.Equal(ExecStatus.RequestFailed, failed.Status);
        Assert.StartsWith("Nobody_3.anything in system 'sys-room' failed: System 'sys-room' has no module Nobody_3.", failed.Error);
    }

    [Fact]
    public async Task A_cross_module_subscription_delivers_the_siblings_current_value()
    {
        var mirrored = new TaskCompletionSource<string>();
        using var watch = _fixture.Engine.State.Subscribe("mod-relay", "mirrored_greeting",
            change => mirrored.TrySetResult(System.Text.Encoding.UTF8.GetString(change.Value!)));
        Assert.Equal("\"hello\"", await mirrored.Task.WithTimeout("the relay to mirror Echo_1's greeting"));
    }

    [Fact]
    public async Task A_status_subscription_gets_the_current_value_first_then_changes()
    {
        var changes = new List<string?>();
        var seen = new SemaphoreSlim(0);
        using var subscription = _fixture.Engine.State.Subscribe("mod-echo-a", "counter", change =>
        {
            lock (changes) changes.Add(change.Value is null ? null : System.Text.Encoding.UTF8.GetString(change.Value));
            seen.Release();
        });
        await _fixture.ExecOkAsync("sys-room", "Echo_1", "set_value", """["counter", 1]""");
        await _fixture.ExecOkAsync("sys-room", "Echo_1", "set_value", """["counter", 1]""");
        await _fixture.ExecOkAsync("sys-room", "Echo_1", "set_value", """["counter", 2]""");
        await seen.WaitAsync().WithTimeout("the first change");
        await seen.WaitAsync().WithTimeout("the second change");
        lock (changes) Assert.Equal(["1", "2"], changes);

        using var late = _fixture.Engine.State.Subscribe("mod-echo-a", "counter", change =>
        {
            lock (changes) changes.Add("late:" + System.Text.Encoding.UTF8.GetString(change.Value!));
        });
        lock (changes) Assert.Equal("late:2", changes[^1]);
    }
}
