using System.Diagnostics;
using System.Globalization;
using PluginRuntime.Core.Modules;
using PluginRuntime.Core.Scripting.CSharp;

namespace PluginRuntime.CSharpScriptBench;

/// <summary>One-shot measurements run in a fresh child process, where nothing is loaded or JIT-compiled yet.</summary>
internal static class Probes
{
    /// <summary>Reading the reference assemblies, then the first compile: "refs compile" in milliseconds.</summary>
    public static string Cold(string folder)
    {
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, "bench.cs");
        File.WriteAllText(path, BenchScript.Source(0));
        var clock = Stopwatch.StartNew();
        var references = BaseReferences.Current;
        double referencesMs = clock.Elapsed.TotalMilliseconds;
        clock.Restart();
        var result = CSharpScriptCompiler.Compile("bench.cs", [new ScriptSourceFile(path, BenchScript.Source(0))], references.References,
            CancellationToken.None);
        double compileMs = clock.Elapsed.TotalMilliseconds;
        if (result.Build is null)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, result.Errors));
        }
        return string.Create(CultureInfo.InvariantCulture, $"{referencesMs:0.0} {compileMs:0.0}");
    }

    /// <summary>
    /// The first load of an unchanged script after a restart, as the engine does it: the loader is created (starting
    /// the background warm-up, which competes for the CPU as it would at a real start) and loads from the cache.
    /// </summary>
    public static async Task<string> CacheHitAsync(string script, string cache)
    {
        var log = new MessageLog();
        var clock = Stopwatch.StartNew();
        var loader = new CSharpScriptDriverLoader(new RuntimeOptions { ScriptCacheFolder = cache }, log);
        var loaded = await loader.LoadAsync(Measurements.DriverConfig(script), CancellationToken.None);
        double ms = clock.Elapsed.TotalMilliseconds;
        loaded.Context!.Unload();
        if (log.Compiled)
        {
            throw new InvalidOperationException("expected a cache hit, but the script was compiled");
        }
        return ms.ToString("0.0", CultureInfo.InvariantCulture);
    }
}
