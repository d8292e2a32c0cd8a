using PluginRuntime.Core.Tests.Support;

namespace PluginRuntime.Core.Tests.Scripting.CSharp;

/// <summary>.cs and .csx drivers compile into the runtime and behave like compiled ones.</summary>
public sealed class CSharpScriptLoadingTests : IDisposable
{
    private readonly ScriptWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public async Task A_cs_driver_file_loads_and_answers_exec()
    {
        string script = _workspace.Write("counter.cs", Scripts.Counter("v1"));
        await using var engine = _workspace.StartEngine();

        await engine.ApplyValidAsync(ScriptWorkspace.Config(script));

        Assert.True(engine.Engine.DriverErrors.IsEmpty, string.Join("|", engine.Engine.DriverErrors.Values));
        Assert.Equal("\"v1\"", await engine.ExecOkAsync("sys-1", "Counter_1", "version"));
        Assert.Equal("1", await engine.ExecOkAsync("sys-1", "Counter_1", "increment"));
        Assert.Equal("\"v1\"", engine.Status("mod-s", "version"));
        var loaded = engine.Engine.LoadedDrivers["scripted"];
        Assert.NotNull(loaded.Context); // its own collectible context, like a compiled driver
        Assert.True(loaded.Context.IsCollectible);
        Assert.Equal([script], loaded.WatchedFiles);
    }

    [Fact]
    public async Task A_csx_script_with_load_and_r_loads_and_answers_exec()
    {
        string script = _workspace.Write("greeter.csx", Scripts.Greeter(RepoPaths.ScriptLibrary));
        string format = _workspace.Write("helpers/format.csx", Scripts.Format());
        await using var engine = _workspace.StartEngine();

        await engine.ApplyValidAsync(ScriptWorkspace.Config(script));

        Assert.Equal("\"HELLO, ADA, FROM A REFERENCED ASSEMBLY!\"", await engine.ExecOkAsync("sys-1", "Greeter_1", "greet", """["Ada"]"""));
        var loaded = engine.Engine.LoadedDrivers["scripted"];
        Assert.Equal([script, format, RepoPaths.ScriptLibrary], loaded.WatchedFiles);
        // The #r'ed library loaded into the script's context (so it unloads with it), not into the host's.
        Assert.Contains(loaded.Context!.Assemblies, a => a.GetName().Name == "TestDrivers.ScriptLibrary");
    }

    [Fact]
    public async Task An_exception_thrown_by_a_script_carries_the_script_line_in_its_stack_trace()
    {
        string script = _workspace.Write("thrower.csx", Scripts.Thrower(RepoPaths.ScriptLibrary));
        _workspace.Write("helpers/format.csx", Scripts.Format());
        await using var engine = _workspace.StartEngine();
        await engine.ApplyValidAsync(ScriptWorkspace.Config(script));

        string trace = await engine.ExecOkAsync("sys-1", "Thrower_1", "where");

        Assert.Contains($"in {script}:line {Scripts.ThrowerLine}", System.Text.Json.JsonSerializer.Deserialize<string>(trace));
    }

    [Fact]
    public async Task A_script_without_a_driver_class_says_what_is_missing()
    {
        string script = _workspace.Write("empty.cs", "public static class NotADriver { }");
        await using var engine = _workspace.StartEngine();

        await engine.ApplyValidAsync(ScriptWorkspace.Config(script));

        Assert.Equal("Driver 'scripted': 'empty.cs' has no public class deriving from PluginRuntime.Sdk.Driver.",
            engine.Engine.DriverErrors["scripted"]);
    }
}
