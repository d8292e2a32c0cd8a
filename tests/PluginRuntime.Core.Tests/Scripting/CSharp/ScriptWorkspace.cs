using PluginRuntime.Core.Modules;
using PluginRuntime.Core.Tests.Support;

namespace PluginRuntime.Core.Tests.Scripting.CSharp;

/// <summary>
/// Script files in a folder of their own (so a second engine, a "restart", sees the same paths) and a build cache
/// for this test alone (so no other test's compile counts as a hit).
/// </summary>
internal sealed class ScriptWorkspace : IDisposable
{
    public TempFolder Scripts { get; } = new();

    public TempFolder Cache { get; } = new();

    public EngineFixture StartEngine(TimeSpan? unloadPatience = null) => EngineFixture.Create(new RuntimeOptions
    {
        UnloadPatience = unloadPatience ?? TimeSpan.FromSeconds(10),
        WatchDebounce = TimeSpan.FromMilliseconds(100),
        ScriptCacheFolder = Cache.Path,
    });

    public string Write(string name, string text)
    {
        string path = System.IO.Path.Combine(Scripts.Path, name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>One script driver, one module of it (mod-s) in sys-1.</summary>
    public static string Config(string script, bool watch = false) => $$"""
        drivers:
          - { id: scripted, script: {{script}}, watch: {{(watch ? "true" : "false")}} }
        modules:
          - { id: mod-s, driver: scripted }
        systems:
          - { id: sys-1, name: One, modules: [mod-s] }
        """;

    public void Dispose()
    {
        Scripts.Dispose();
        Cache.Dispose();
    }
}
