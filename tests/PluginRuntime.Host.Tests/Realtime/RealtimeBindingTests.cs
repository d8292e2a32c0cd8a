using PluginRuntime.Host.Tests.Support;
using static PluginRuntime.Host.Tests.Support.Frames;

namespace PluginRuntime.Host.Tests.Realtime;

/// <summary>Bindings: success first, then the current value, then changes; and they follow the address across edits and reloads.</summary>
public sealed class RealtimeBindingTests : IAsyncLifetime
{
    private RealtimeTestHost _host = null!;
    private RealtimeClient _client = null!;

    public async Task InitializeAsync()
    {
        _host = await RealtimeTestHost.StartAsync();
        _client = await _host.ConnectAsync();
    }

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task A_bind_gets_success_then_the_current_value_then_every_change()
    {
        AssertSuccess(await _client.RequestAsync(Exec(1, "Echo", "set_value", """["count", 1]"""), "the first set_value"), 1);

        var success = AssertSuccess(await _client.RequestAsync(Bind(2, "Echo", "count"), "the bind success"), 2);
        Assert.Equal("count", success.GetProperty("meta").GetProperty("name").GetString());
        Assert.Equal("1", AssertNotify(await _client.ReceiveAsync("the current value"), 2));

        for (int value = 2; value <= 4; value++)
        {
            await _client.SendAsync(Exec(10 + value, "Echo", "set_value", $"""["count", {value}]"""));
            // The status is written inside the method, so its notify is queued before the exec's reply.
            Assert.Equal(value.ToString(), AssertNotify(await _client.ReceiveAsync($"the change to {value}"), 2));
            AssertSuccess(await _client.ReceiveAsync($"the reply to set_value {value}"), 10 + value);
        }
    }

    [Fact]
    public async Task Values_are_sent_as_json_not_as_strings_and_meta_names_the_binding()
    {
        AssertSuccess(await _client.RequestAsync(Bind(1, "Echo", "greeting", index: 2), "the bind success"), 1);

        var notify = await _client.ReceiveAsync("the greeting");
        Assert.Equal("\"hello\"", AssertNotify(notify, 1));
        var meta = notify.GetProperty("meta");
        Assert.Equal(("sys-1", "Echo", 2, "greeting"),
            (meta.GetProperty("sys").GetString(), meta.GetProperty("mod").GetString(), meta.GetProperty("index").GetInt32(), meta.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task A_key_that_is_not_set_yet_is_delivered_when_it_is_set()
    {
        AssertSuccess(await _client.RequestAsync(Bind(1, "Echo", "later"), "the bind success"), 1);
        await _client.SendAsync("ping");
        Assert.Equal("pong", await _client.ReceiveTextAsync("pong, with no value before it"));

        await _client.SendAsync(Exec(2, "Echo", "set_value", """["later", 7]"""));
        Assert.Equal("7", AssertNotify(await _client.ReceiveAsync("the first value"), 1));
    }

    [Fact]
    public async Task Binding_the_same_key_twice_keeps_one_binding_and_resends_the_value_with_the_new_id()
    {
        AssertSuccess(await _client.RequestAsync(Bind(1, "Echo", "greeting"), "the first bind"), 1);
        Assert.Equal("\"hello\"", AssertNotify(await _client.ReceiveAsync("the value for the first bind"), 1));
        AssertSuccess(await _client.RequestAsync(Bind(2, "Echo", "greeting"), "the second bind"), 2);
        Assert.Equal("\"hello\"", AssertNotify(await _client.ReceiveAsync("the value again for the second bind"), 2));
        Assert.Equal(1, _host.SingleConnection().BindingCount);

        await _client.SendAsync(Exec(3, "Echo", "set_value", """["greeting", 5]"""));
        Assert.Equal("5", AssertNotify(await _client.ReceiveAsync("one notify for the change"), 2));
        AssertSuccess(await _client.ReceiveAsync("the exec reply right after the single notify"), 3);
    }

    [Fact]
    public async Task A_bind_before_the_module_exists_delivers_once_a_config_edit_adds_it()
    {
        AssertSuccess(await _client.RequestAsync(Bind(1, "Late", "greeting"), "the bind success"), 1);
        await _client.SendAsync("ping");
        Assert.Equal("pong", await _client.ReceiveTextAsync("pong, with no value before it"));

        await _host.ApplyAsync(RealtimeTestHost.DefaultConfig
            .Replace("  - { id: mod-faulty", "  - { id: mod-late, driver: echo, name: Late }\n  - { id: mod-faulty")
            .Replace("modules: [mod-echo-a, mod-echo-b, mod-faulty]", "modules: [mod-echo-a, mod-echo-b, mod-faulty, mod-late]"));

        Assert.Equal("\"hello\"", AssertNotify(await _client.ReceiveAsync("the new module's greeting"), 1));
    }

    [Fact]
    public async Task A_config_edit_that_reorders_modules_moves_the_binding_to_the_module_now_at_that_address()
    {
        await _client.RequestAsync(Exec(1, "Echo", "set_value", """["count", 100]"""), "set on Echo_1 (mod-echo-a)");
        await _client.RequestAsync(Exec(2, "Echo", "set_value", """["count", 200]""", index: 2), "set on Echo_2 (mod-echo-b)");
        AssertSuccess(await _client.RequestAsync(Bind(3, "Echo", "count"), "the bind success"), 3);
        Assert.Equal("100", AssertNotify(await _client.ReceiveAsync("Echo_1's value"), 3));

        await _host.ApplyAsync(RealtimeTestHost.DefaultConfig.Replace("modules: [mod-echo-a, mod-echo-b, mod-faulty]", "modules: [mod-echo-b, mod-echo-a, mod-faulty]"));

        Assert.Equal("200", AssertNotify(await _client.ReceiveAsync("the value of the module now at Echo_1"), 3));
        // mod-echo-a (now Echo_2) no longer reaches the binding; mod-echo-b (now Echo_1) does.
        AssertSuccess(await _client.RequestAsync(Exec(4, "Echo", "set_value", """["count", 101]""", index: 2), "set on the new Echo_2"), 4);
        await _client.SendAsync(Exec(5, "Echo", "set_value", """["count", 201]"""));
        Assert.Equal("201", AssertNotify(await _client.ReceiveAsync("the new Echo_1's change"), 3));
    }

    [Fact]
    public async Task An_edit_that_moves_the_address_to_a_module_without_the_key_delivers_null()
    {
        await _client.RequestAsync(Exec(1, "Echo", "set_value", """["only_a", 1]"""), "set on mod-echo-a");
        AssertSuccess(await _client.RequestAsync(Bind(2, "Echo", "only_a"), "the bind success"), 2);
        Assert.Equal("1", AssertNotify(await _client.ReceiveAsync("the value"), 2));

        await _host.ApplyAsync(RealtimeTestHost.DefaultConfig.Replace("modules: [mod-echo-a, mod-echo-b, mod-faulty]", "modules: [mod-echo-b, mod-echo-a, mod-faulty]"));

        Assert.Equal("null", AssertNotify(await _client.ReceiveAsync("null: the module now at Echo_1 has no such key"), 2));
    }

    [Fact]
    public async Task A_binding_keeps_delivering_across_a_driver_hot_reload()
    {
        string assembly = _host.CopyIntoFolder(RepoPaths.ReloadableV1, "TestDrivers.Reloadable.dll");
        await _host.ApplyAsync($$"""
            drivers:
              - { id: reloadable, assembly: {{assembly}}, watch: false }
            modules:
              - { id: mod-r, driver: reloadable }
            systems:
              - { id: sys-1, name: One, modules: [mod-r] }
            """);
        AssertSuccess(await _client.RequestAsync(Bind(1, "Reloadable", "version"), "the version bind"), 1);
        Assert.Equal("\"v1\"", AssertNotify(await _client.ReceiveAsync("v1"), 1));
        AssertSuccess(await _client.RequestAsync(Bind(2, "Reloadable", "count"), "the count bind"), 2);
        await _client.SendAsync(Exec(3, "Reloadable", "increment"));
        Assert.Equal("1", AssertNotify(await _client.ReceiveAsync("count 1"), 2));
        AssertSuccess(await _client.ReceiveAsync("the increment reply"), 3);

        File.Copy(RepoPaths.ReloadableV2, assembly, overwrite: true);
        var report = await _host.Engine.ReloadDriverAsync("reloadable").WithTimeout("the hot reload");
        Assert.Equal(["mod-r"], report.Restarted);

        Assert.Equal("\"v2\"", AssertNotify(await _client.ReceiveAsync("v2 from the reloaded code, on the same binding"), 1));
        await _client.SendAsync(Exec(4, "Reloadable", "increment"));
        Assert.Equal("2", AssertNotify(await _client.ReceiveAsync("count 2: status was handed over"), 2));
        AssertSuccess(await _client.ReceiveAsync("the second increment reply"), 4);
    }
}
