using Microsoft.Extensions.Logging;
using PluginRuntime.Core.Tests.Support;

namespace PluginRuntime.Core.Tests.Scripting.CSharp;

/// <summary>Builds are cached on disk: a restart with unchanged scripts compiles nothing; any change, or a bad entry, compiles.</summary>
public sealed class CSharpScriptCacheTests : IDisposable
{
    private const string Compiling = "Compiling C# script driver scripted";
    private const string CacheHit = "C# script driver scripted loaded from the build cache";

    private readonly ScriptWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    private static int Count(EngineFixture engine, string prefix) => engine.Logs.Messages(LogLevel.Information).Count(m => m.StartsWith(prefix));

    [Fact]
    public async Task A_restart_with_unchanged_scripts_compiles_nothing_and_a_changed_load_file_compiles_again()
    {
        string script = _workspace.Write("greeter.csx", Scripts.Greeter(RepoPaths.ScriptLibrary));
        string format = _workspace.Write("helpers/format.csx", Scripts.Format());
        await using (var first = _workspace.StartEngine())
        {
            await first.ApplyValidAsync(ScriptWorkspace.Config(script));
            Assert.Equal((1, 0), (Count(first, Compiling), Count(first, CacheHit)));
        }

        await using (var restarted = _workspace.StartEngine())
        {
            await restarted.ApplyValidAsync(ScriptWorkspace.Config(script));
            Assert.Equal((0, 1), (Count(restarted, Compiling), Count(restarted, CacheHit)));
            Assert.Equal("\"HELLO, ADA, FROM A REFERENCED ASSEMBLY!\"", await restarted.ExecOkAsync("sys-1", "Greeter_1", "greet", """["Ada"]"""));
        }

        File.WriteAllText(format, Scripts.Format("!!"));
        await using (var afterEdit = _workspace.StartEngine())
        {
            await afterEdit.ApplyValidAsync(ScriptWorkspace.Config(script));
            Assert.Equal((1, 0), (Count(afterEdit, Compiling), Count(afterEdit, CacheHit)));
            Assert.Equal("\"HELLO, ADA, FROM A REFERENCED ASSEMBLY!!\"", await afterEdit.ExecOkAsync("sys-1", "Greeter_1", "greet", """["Ada"]"""));
        }
    }

    [Fact]
    public async Task A_corrupt_cache_entry_is_reported_deleted_and_compiled_again()
    {
        string script = _workspace.Write("counter.cs", Scripts.Counter("v1"));
        await using (var first = _workspace.StartEngine())
        {
            await first.ApplyValidAsync(ScriptWorkspace.Config(script));
        }
        string entry = Assert.Single(Directory.GetFiles(_workspace.Cache.Path, "*.build"));
        byte[] bytes = File.ReadAllBytes(entry);
        bytes[^10] ^= 0xFF; // one flipped byte in the PDB: the checksum must catch it
        File.WriteAllBytes(entry, bytes);

        await using var restarted = _workspace.StartEngine();
        await restarted.ApplyValidAsync(ScriptWorkspace.Config(script));

        Assert.Contains(restarted.Logs.Messages(LogLevel.Warning), m => m == $"Script build cache entry {entry} is corrupt; it is deleted and the script compiled again");
        Assert.Equal((1, 0), (Count(restarted, Compiling), Count(restarted, CacheHit)));
        Assert.Equal("\"v1\"", await restarted.ExecOkAsync("sys-1", "Counter_1", "version"));
        Assert.NotEqual(bytes, File.ReadAllBytes(entry)); // rewritten whole
    }

    [Fact]
    public async Task A_cache_entry_is_written_whole_with_no_temporary_file_left_behind()
    {
        string script = _workspace.Write("counter.cs", Scripts.Counter("v1"));
        await using var engine = _workspace.StartEngine();

        await engine.ApplyValidAsync(ScriptWorkspace.Config(script));

        Assert.Equal(".build", Path.GetExtension(Assert.Single(Directory.GetFiles(_workspace.Cache.Path))));
    }
}
