using PluginRuntime.Host.Tests.Support;
using static PluginRuntime.Host.Tests.Support.Frames;

namespace PluginRuntime.Host.Tests.Scripting;

/// <summary>A websocket client bound to a JavaScript driver's status stays bound while the script is edited.</summary>
public sealed class JsScriptReloadBindingTests
{
    private static string Script(string version) => $$"""
        const { Driver } = require('plugin-runtime');

        module.exports = class Counter extends Driver {
            static driver = { name: 'Counter', defaultModuleName: 'Counter' };

            onLoad() {
                this.setStatus('version', '{{version}}');
            }

            increment() {
                const count = (this.status('count') ?? 0) + 1;
                this.setStatus('count', count);
                return count;
            }
        };
        """;

    [Fact]
    public async Task Reloading_an_edited_js_driver_keeps_the_websocket_bindings_and_their_status()
    {
        await using var host = await RealtimeTestHost.StartAsync();
        string script = Path.Combine(host.Folder, "counter.js");
        File.WriteAllText(script, Script("v1"));
        await host.ApplyAsync("""
            drivers:
              - { id: counter, script: counter.js, watch: false }
            modules:
              - { id: mod-c, driver: counter }
            systems:
              - { id: sys-1, name: One, modules: [mod-c] }
            """);
        await using var client = await host.ConnectAsync();
        AssertSuccess(await client.RequestAsync(Bind(1, "Counter", "version"), "the version bind"), 1);
        Assert.Equal("\"v1\"", AssertNotify(await client.ReceiveAsync("v1"), 1));
        AssertSuccess(await client.RequestAsync(Bind(2, "Counter", "count"), "the count bind"), 2);
        await client.SendAsync(Exec(3, "Counter", "increment"));
        Assert.Equal("1", AssertNotify(await client.ReceiveAsync("count 1"), 2));
        AssertSuccess(await client.ReceiveAsync("the increment reply"), 3);

        // What the file watcher does after a save (this host's watcher debounce is an hour, so the test triggers it).
        File.WriteAllText(script, Script("v2"));
        var report = await host.Engine.ReloadDriverAsync("counter").WithTimeout("the hot reload");
        Assert.Equal(["mod-c"], report.Restarted);

        Assert.Equal("\"v2\"", AssertNotify(await client.ReceiveAsync("v2 from the edited script, on the same binding"), 1));
        await client.SendAsync(Exec(4, "Counter", "increment"));
        Assert.Equal("2", AssertNotify(await client.ReceiveAsync("count 2: status was handed over"), 2));
        AssertSuccess(await client.ReceiveAsync("the second increment reply"), 4);
    }
}
