using System.Text;
using Microsoft.Extensions.Logging;
using PluginRuntime.Core.Engine;
using PluginRuntime.Core.State;

namespace PluginRuntime.Core.Tests.Scripting.CSharp;

/// <summary>Saving a watched script swaps its modules to the new code, keeps status and subscriptions, and unloads the old code.</summary>
public sealed class CSharpScriptHotReloadTests(Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    private readonly ScriptWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public async Task A_saved_script_swaps_behaviour_keeps_status_and_subscriptions_and_the_old_context_unloads()
    {
        string script = _workspace.Write("counter.cs", Scripts.Counter("v1"));
        await using var engine = _workspace.StartEngine();
        await engine.ApplyValidAsync(ScriptWorkspace.Config(script, watch: true));
        Assert.Equal("1", await engine.ExecOkAsync("sys-1", "Counter_1", "increment"));
        var versions = new List<string?>();
        using var subscription = engine.Engine.State.Subscribe("mod-s", "version", change => Record(versions, change));

        var reloaded = WhenApplied(engine.Engine);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        File.WriteAllText(script, Scripts.Counter("v2"));
        var report = await reloaded.WithTimeout("the watcher to reload the saved script");
        output.WriteLine($"script saved -> modules on new code: {clock.ElapsedMilliseconds} ms (100 ms debounce; reported, not asserted)");

        Assert.Equal(["mod-s"], report.Restarted);
        Assert.Equal("\"v2\"", await engine.ExecOkAsync("sys-1", "Counter_1", "version"));
        Assert.Equal("2", await engine.ExecOkAsync("sys-1", "Counter_1", "increment")); // status was handed over
        lock (versions)
        {
            Assert.Equal(["\"v1\"", "\"v2\""], versions); // the current value first, then the new code's write
        }
        bool collected = await Assert.Single(report.Unloads).WithTimeout("the old script context to be collected");
        Assert.True(collected, "the v1 script's load context should unload once its module moved to v2");
    }

    [Fact]
    public async Task Saving_a_loaded_file_reloads_the_script_that_loads_it()
    {
        string script = _workspace.Write("greeter.csx", Scripts.Greeter(Support.RepoPaths.ScriptLibrary));
        string format = _workspace.Write("helpers/format.csx", Scripts.Format());
        await using var engine = _workspace.StartEngine();
        await engine.ApplyValidAsync(ScriptWorkspace.Config(script, watch: true));

        var reloaded = WhenApplied(engine.Engine);
        File.WriteAllText(format, Scripts.Format("?"));
        var report = await reloaded.WithTimeout("the watcher to reload after the #load'ed file changed");

        Assert.Equal(["mod-s"], report.Restarted);
        Assert.Equal("\"HELLO, ADA, FROM A REFERENCED ASSEMBLY?\"", await engine.ExecOkAsync("sys-1", "Greeter_1", "greet", """["Ada"]"""));
        Assert.True(await Assert.Single(report.Unloads).WithTimeout("the old script context to be collected"));
    }

    [Fact]
    public async Task Script_code_that_cannot_unload_is_reported_by_name()
    {
        string script = _workspace.Write("leaky.cs", Scripts.Leaky);
        await using var engine = _workspace.StartEngine(unloadPatience: TimeSpan.FromMilliseconds(500));
        await engine.ApplyValidAsync(ScriptWorkspace.Config(script));

        var report = await engine.Engine.ReloadDriverAsync("scripted").WithTimeout("the reload");

        bool collected = await Assert.Single(report.Unloads).WithTimeout("the unload check to give up");
        Assert.False(collected);
        Assert.Contains(engine.Logs.Messages(LogLevel.Warning), m =>
            m.StartsWith("Driver code scripted (load #1, leaky.cs) was not collected within"));
    }

    private static Task<ApplyReport> WhenApplied(RuntimeEngine engine)
    {
        var applied = new TaskCompletionSource<ApplyReport>(TaskCreationOptions.RunContinuationsAsynchronously);
        engine.Applied += report => applied.TrySetResult(report);
        return applied.Task;
    }

    private static void Record(List<string?> values, StatusChange change)
    {
        lock (values)
        {
            values.Add(change.Value is null ? null : Encoding.UTF8.GetString(change.Value));
        }
    }
}
