using Microsoft.Extensions.Logging;
using PluginRuntime.Core.Engine;
using PluginRuntime.Core.Tests.Support;

namespace PluginRuntime.Core.Tests.Engine;

/// <summary>Rebuilt driver assemblies swap in live, keep status, and their old code unloads.</summary>
public sealed class HotReloadTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static string Config(string assembly, bool watch = true, string driverClass = "") => $"""
        drivers:
          - id: reloadable
            assembly: {assembly}
            watch: {(watch ? "true" : "false")}
            {driverClass}
        modules:
          - {"{"} id: mod-r, driver: reloadable {"}"}
        systems:
          - {"{"} id: sys-1, name: One, modules: [mod-r] {"}"}
        """;

    [Fact]
    public async Task A_rebuilt_assembly_swaps_behaviour_keeps_status_and_the_old_context_is_collected()
    {
        await using var fixture = EngineFixture.Create();
        string watched = fixture.Folder.Copy(RepoPaths.ReloadableV1, "TestDrivers.Reloadable.dll");
        await fixture.ApplyValidAsync(Config(watched));
        Assert.Equal("\"v1\"", await fixture.ExecOkAsync("sys-1", "Reloadable_1", "which_version"));
        Assert.Equal("1", await fixture.ExecOkAsync("sys-1", "Reloadable_1", "increment"));

        var reloaded = new TaskCompletionSource<ApplyReport>(TaskCreationOptions.RunContinuationsAsynchronously);
        fixture.Engine.Applied += report => reloaded.TrySetResult(report);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        File.Copy(RepoPaths.ReloadableV2, watched, overwrite: true); // what `dotnet build` does to the output

        var report = await reloaded.Task.WithTimeout("the watcher to reload the rebuilt driver");
        // Reported, not asserted: file event + debounce (100 ms here, 250 ms by default) + load + module swap.
        output.WriteLine($"rebuilt file written -> modules on new code: {clock.ElapsedMilliseconds} ms");
        Assert.Equal(["mod-r"], report.Restarted);
        Assert.Equal("\"v2\"", await fixture.ExecOkAsync("sys-1", "Reloadable_1", "which_version"));
        Assert.Equal("\"v2\"", fixture.Status("mod-r", "version"));
        Assert.Equal("2", await fixture.ExecOkAsync("sys-1", "Reloadable_1", "increment")); // status was handed over

        bool collected = await Assert.Single(report.Unloads).WithTimeout("the old load context to be collected");
        Assert.True(collected, "the v1 load context should unload once its module moved to v2");
    }

    [Fact]
    public async Task A_rebuild_that_does_not_load_keeps_the_old_code_running_and_says_why()
    {
        await using var fixture = EngineFixture.Create();
        string watched = fixture.Folder.Copy(RepoPaths.ReloadableV1, "TestDrivers.Reloadable.dll");
        await fixture.ApplyValidAsync(Config(watched, watch: false));

        File.WriteAllText(watched, "this is not an assembly");
        var report = await fixture.Engine.ReloadDriverAsync("reloadable");

        Assert.StartsWith($"Driver 'reloadable': cannot load '{watched}':", report.DriverErrors["reloadable"]);
        Assert.Contains(fixture.Logs.Messages(LogLevel.Error), m => m.StartsWith("Driver reloadable was rebuilt but its new code did not load"));
        Assert.Equal("\"v1\"", await fixture.ExecOkAsync("sys-1", "Reloadable_1", "which_version"));
    }

    [Fact]
    public async Task Code_that_cannot_unload_is_reported_by_name()
    {
        var options = new Modules.RuntimeOptions { UnloadPatience = TimeSpan.FromMilliseconds(500) };
        await using var fixture = EngineFixture.Create(options);
        string copy = fixture.Folder.Copy(RepoPaths.Behaviours, "TestDrivers.Behaviours.dll");
        await fixture.ApplyValidAsync(Config(copy, watch: false, "class: TestDrivers.Behaviours.LeakyDriver"));

        var report = await fixture.Engine.ReloadDriverAsync("reloadable");

        bool collected = await Assert.Single(report.Unloads).WithTimeout("the unload check to give up");
        Assert.False(collected);
        Assert.Contains(fixture.Logs.Messages(LogLevel.Warning), m =>
            m.StartsWith("Driver code reloadable (load #1, TestDrivers.Behaviours.dll) was not collected within"));
    }
}
