using System.Diagnostics;
using PluginRuntime.Core.Engine;
using PluginRuntime.Core.Tests.Support;

namespace PluginRuntime.Core.Tests.Scripting.Node;

/// <summary>Editing a watched .js/.ts driver swaps its modules to the new code; a broken edit keeps the old code.</summary>
public sealed class NodeHotReloadTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static string Config(string script, bool watch) => $$"""
        drivers:
          - { id: reloadable, script: {{script}}, watch: {{(watch ? "true" : "false")}} }
        modules:
          - { id: mod-r, driver: reloadable }
        systems:
          - { id: sys-1, name: One, modules: [mod-r] }
        """;

    /// <summary>A driver whose version comes from a local file it requires, so either file's edit is a new version.</summary>
    private static string Script(string version, string typeAnnotation = "") => $$"""
        const { Driver } = require('plugin-runtime');
        const { suffix } = require('./reload-helper');

        module.exports = class Reloadable extends Driver {
            static driver = { name: 'Reloadable', defaultModuleName: 'Reloadable' };

            onLoad(){{typeAnnotation}} {
                this.setStatus('version', '{{version}}' + suffix);
            }

            whichVersion() {
                return '{{version}}' + suffix;
            }

            increment() {
                const count = (this.status('count') ?? 0) + 1;
                this.setStatus('count', count);
                return count;
            }

            pid() {
                return process.pid;
            }
        };
        """;

    private static string Helper(string suffix) => $"module.exports = {{ suffix: '{suffix}' }};\n";

    private static async Task<ApplyReport> EditAndWaitForReloadAsync(EngineFixture fixture, Action edit, string what)
    {
        var reloaded = new TaskCompletionSource<ApplyReport>(TaskCreationOptions.RunContinuationsAsynchronously);
        fixture.Engine.Applied += report => reloaded.TrySetResult(report);
        edit();
        return await reloaded.Task.WithTimeout(what);
    }

    [Fact]
    public async Task Saving_a_watched_script_swaps_in_the_new_code_keeping_status_and_subscriptions_and_kills_the_old_process()
    {
        await using var fixture = EngineFixture.Create();
        fixture.Folder.Write("reload-helper.js", Helper(""));
        string script = fixture.Folder.Write("reloadable.js", Script("v1"));
        await fixture.ApplyValidAsync(Config("reloadable.js", watch: true));
        Assert.Equal("1", await fixture.ExecOkAsync("sys-1", "Reloadable_1", "increment"));
        int oldPid = int.Parse(await fixture.ExecOkAsync("sys-1", "Reloadable_1", "pid"));
        var (versions, subscription) = fixture.Record("mod-r", "version");
        using var _ = subscription;

        var clock = Stopwatch.StartNew();
        var report = await EditAndWaitForReloadAsync(fixture, () => File.WriteAllText(script, Script("v2")), "the watcher to reload the edited script");
        output.WriteLine($"script saved -> modules on new code: {clock.ElapsedMilliseconds} ms (debounce 100 ms)");

        Assert.Equal(["mod-r"], report.Restarted);
        Assert.Equal("\"v2\"", await fixture.ExecOkAsync("sys-1", "Reloadable_1", "which_version"));
        Assert.Equal("2", await fixture.ExecOkAsync("sys-1", "Reloadable_1", "increment")); // status handed over
        lock (versions)
        {
            Assert.Equal(["\"v1\"", "\"v2\""], versions); // the same subscription saw the new code's value
        }
        await WaitForExitAsync(oldPid);

        // An edit of a file the script requires is a reload too.
        report = await EditAndWaitForReloadAsync(fixture, () => File.WriteAllText(Path.Combine(fixture.Folder.Path, "reload-helper.js"), Helper("-helped")),
            "the watcher to reload after the required file changed");
        Assert.Equal(["mod-r"], report.Restarted);
        Assert.Equal("\"v2-helped\"", await fixture.ExecOkAsync("sys-1", "Reloadable_1", "which_version"));
    }

    [Fact]
    public async Task Saving_a_watched_typescript_driver_swaps_in_the_new_code()
    {
        await using var fixture = EngineFixture.Create();
        fixture.Folder.Write("reload-helper.js", Helper(""));
        string script = fixture.Folder.Write("reloadable.ts", Script("ts1", ": void"));
        await fixture.ApplyValidAsync(Config("reloadable.ts", watch: true));
        Assert.Equal("\"ts1\"", await fixture.ExecOkAsync("sys-1", "Reloadable_1", "which_version"));

        var clock = Stopwatch.StartNew();
        var report = await EditAndWaitForReloadAsync(fixture, () => File.WriteAllText(script, Script("ts2", ": void")), "the watcher to reload the edited .ts");
        output.WriteLine($"TypeScript saved -> modules on new code: {clock.ElapsedMilliseconds} ms (debounce 100 ms)");

        Assert.Equal(["mod-r"], report.Restarted);
        Assert.Equal("\"ts2\"", await fixture.ExecOkAsync("sys-1", "Reloadable_1", "which_version"));
        Assert.Equal("\"ts2\"", fixture.Status("mod-r", "version"));
    }

    [Theory]
    [InlineData("reloadable.js", "whichVersion() {", @":\d+:\d+: SyntaxError: ")]
    [InlineData("reloadable.ts", "whichVersion(): string {", @":\d+:\d+: error TS\d+: ")]
    public async Task A_broken_edit_keeps_the_old_code_running_and_reports_where_it_broke(string file, string method, string errorPattern)
    {
        await using var fixture = EngineFixture.Create();
        fixture.Folder.Write("reload-helper.js", Helper(""));
        string script = fixture.Folder.Write(file, Script("v1").Replace("whichVersion() {", method));
        await fixture.ApplyValidAsync(Config(file, watch: false));

        File.WriteAllText(script, Script("v2").Replace("whichVersion() {", method).Replace("return '", "return = '"));
        var report = await fixture.Engine.ReloadDriverAsync("reloadable");

        Assert.Matches($"^Driver 'reloadable': {System.Text.RegularExpressions.Regex.Escape(script)}{errorPattern}", report.DriverErrors["reloadable"]);
        Assert.Equal(report.DriverErrors["reloadable"], fixture.Engine.DriverErrors["reloadable"]);
        Assert.Empty(report.Restarted);
        Assert.Equal("\"v1\"", await fixture.ExecOkAsync("sys-1", "Reloadable_1", "which_version"));
        Assert.Equal("true", fixture.Status("mod-r", "connected"));
    }

    private static async Task WaitForExitAsync(int pid)
    {
        Process old;
        try
        {
            old = Process.GetProcessById(pid);
        }
        catch (ArgumentException)
        {
            return; // already gone
        }
        using (old)
        {
            await old.WaitForExitAsync().WithTimeout("the retired load's Node.js process to exit");
        }
    }
}
