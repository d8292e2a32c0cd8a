using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PluginRuntime.Core.Config;
using PluginRuntime.Core.Engine;
using PluginRuntime.Core.Exec;
using PluginRuntime.Core.Modules;
using PluginRuntime.Core.Scripting.CSharp;
using PluginRuntime.Core.Transports;

namespace PluginRuntime.CSharpScriptBench;

/// <summary>Measurements made in this process once Roslyn is warm.</summary>
internal static class Measurements
{
    private static readonly JsonElement NoArgs = JsonDocument.Parse("[]").RootElement.Clone();

    public static DriverConfig DriverConfig(string script) =>
        new("bench", DriverSourceKind.Script, script, null, false, new JsonObject(), SourceLocation.WholeFile(script));

    /// <summary>Compiles a new variant of the script each time (nothing carried over but Roslyn's loaded code and metadata).</summary>
    public static Samples WarmCompile(string work, int iterations)
    {
        var samples = new Samples("warm compile (Roslyn loaded and JIT-ed)");
        string path = Path.Combine(work, "warm.cs");
        for (int i = -3; i < iterations; i++)
        {
            var files = new[] { new ScriptSourceFile(path, BenchScript.Source(i + 100)) };
            var clock = Stopwatch.StartNew();
            var result = CSharpScriptCompiler.Compile("warm.cs", files, BaseReferences.Current.References, CancellationToken.None);
            if (i >= 0)
            {
                samples.Add(clock.Elapsed); // the first three are left out: the last of the JIT tiering
            }
            _ = result.Build ?? throw new InvalidOperationException(string.Join(Environment.NewLine, result.Errors));
        }
        return samples;
    }

    /// <summary>Loads an unchanged script through the loader again and again: every load after the first is a cache hit.</summary>
    public static async Task<(Samples Samples, string Script, string Cache)> CacheHitAsync(string work, int iterations)
    {
        string script = Path.Combine(work, "cached.cs");
        string cache = Path.Combine(work, "cache");
        File.WriteAllText(script, BenchScript.Source(1));
        var log = new MessageLog();
        var loader = new CSharpScriptDriverLoader(new RuntimeOptions { ScriptCacheFolder = cache }, log);
        (await loader.LoadAsync(DriverConfig(script), CancellationToken.None)).Context!.Unload(); // compiles and fills the cache
        log.Messages.Clear();

        var samples = new Samples("cache-hit load, warm process (sources, hash, entry, load, describe)");
        for (int i = 0; i < iterations; i++)
        {
            var clock = Stopwatch.StartNew();
            var loaded = await loader.LoadAsync(DriverConfig(script), CancellationToken.None);
            samples.Add(clock.Elapsed);
            loaded.Context!.Unload();
        }
        return log.Compiled ? throw new InvalidOperationException("expected only cache hits") : (samples, script, cache);
    }

    /// <summary>
    /// A running engine with the script's module: write a new version of the file, then call the module until it
    /// answers with the new version. Once through the file watcher (the default 250 ms debounce included), once with
    /// an explicit reload (compile + swap only).
    /// </summary>
    public static async Task<IEnumerable<Samples>> SaveToNewBehaviourAsync(string work, int iterations)
    {
        string script = Path.Combine(work, "live.cs");
        File.WriteAllText(script, BenchScript.Source(0));
        string config = Path.Combine(work, "config");
        Directory.CreateDirectory(config);
        void WriteConfig(bool watch) => File.WriteAllText(Path.Combine(config, "runtime.yaml"), $$"""
            org: { id: org-bench, name: Bench }
            drivers:
              - { id: bench, script: {{script}}, watch: {{(watch ? "true" : "false")}} }
            modules:
              - { id: mod-b, driver: bench }
            systems:
              - { id: sys-b, name: Bench, modules: [mod-b] }
            """);
        WriteConfig(watch: true);
        var options = new RuntimeOptions { ScriptCacheFolder = Path.Combine(work, "cache") };
        var log = new MessageLog();
        await using var engine = new RuntimeEngine(options, log, TimeProvider.System, new StreamTransportFactory(TimeProvider.System, options));
        var loaded = await engine.LoadAndApplyAsync(config);
        if (!loaded.Succeeded || !engine.DriverErrors.IsEmpty)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, loaded.Errors.Select(e => e.ToString()).Concat(engine.DriverErrors.Values)));
        }

        var watched = new Samples($"save -> new behaviour, file watcher ({options.WatchDebounce.TotalMilliseconds:0} ms debounce)");
        var explicitReload = new Samples("save -> new behaviour, explicit reload (compile + swap)");
        int version = 1;
        for (int i = -2; i < iterations; i++, version++)
        {
            File.WriteAllText(script, BenchScript.Source(version));
            var clock = Stopwatch.StartNew();
            await UntilVersionAsync(engine, version);
            if (i >= 0)
            {
                watched.Add(clock.Elapsed);
            }
            await Task.Delay(300); // let the watcher's quiet period end before the next save
        }
        WriteConfig(watch: false); // the same module, no watcher: only the explicit reload below loads the new code
        await engine.LoadAndApplyAsync(config);
        for (int i = 0; i < iterations; i++, version++)
        {
            var clock = Stopwatch.StartNew();
            File.WriteAllText(script, BenchScript.Source(version));
            await engine.ReloadDriverAsync("bench");
            await UntilVersionAsync(engine, version);
            explicitReload.Add(clock.Elapsed);
        }
        return [watched, explicitReload];
    }

    private static async Task UntilVersionAsync(RuntimeEngine engine, int version)
    {
        string expected = $"\"v{version}\"";
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            var result = await engine.Exec.ExecAsync("sys-b", "Bench", 1, "version", NoArgs, Caller.Internal, CancellationToken.None);
            if (result.IsSuccess && Encoding.UTF8.GetString(result.Json!) == expected)
            {
                return;
            }
            await Task.Delay(1);
        }
        throw new TimeoutException($"the module never answered {expected}; errors: {string.Join("; ", engine.DriverErrors.Values)}");
    }
}
