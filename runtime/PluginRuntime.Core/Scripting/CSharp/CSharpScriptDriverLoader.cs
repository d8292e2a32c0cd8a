using System.Diagnostics;
using Microsoft.Extensions.Logging;
using PluginRuntime.Core.Config;
using PluginRuntime.Core.Modules;
using PluginRuntime.Core.Plugins;
using PluginRuntime.Sdk.Metadata;

namespace PluginRuntime.Core.Scripting.CSharp;

/// <summary>
/// Loads drivers written as C# source: a <c>.cs</c> file, or a <c>.csx</c> script with <c>#load</c> and <c>#r</c>.
/// The sources are compiled (or their build taken from the on-disk cache) into an assembly that loads, with its PDB,
/// into a collectible <see cref="DriverLoadContext"/>, like a compiled driver's. Errors name the files and lines.
/// </summary>
internal sealed partial class CSharpScriptDriverLoader : IScriptDriverLoader
{
    private readonly ScriptBuildCache _cache;
    private readonly ILogger _log;
    private int _generation;

    public CSharpScriptDriverLoader(RuntimeOptions options, ILoggerFactory loggerFactory)
    {
        _log = loggerFactory.CreateLogger("PluginRuntime.Scripting.CSharp");
        _cache = new ScriptBuildCache(ScriptCacheFolder.Resolve(options.ScriptCacheFolder), _log);
        _ = RoslynWarmUp.StartOnce(_log);
    }

    public IReadOnlyCollection<string> Extensions { get; } = [".cs", ".csx"];

    // Compiling is CPU work: off the caller's thread, so an apply or the file watcher's callback isn't blocked on it.
    public Task<LoadedDriver> LoadAsync(DriverConfig driver, CancellationToken cancellationToken) =>
        Task.Run(() => LoadOrExplain(driver, cancellationToken), cancellationToken);

    // The engine keeps the last good code only for a DriverLoadException: anything else unexpected (an unreadable
    // reference pack, a compiler crash) must arrive as one too, not fail the whole config apply.
    private LoadedDriver LoadOrExplain(DriverConfig driver, CancellationToken cancellationToken)
    {
        try
        {
            return Load(driver, cancellationToken);
        }
        catch (Exception ex) when (ex is not (DriverLoadException or OperationCanceledException))
        {
            throw new DriverLoadException($"Driver '{driver.Id}': script '{driver.Path}' could not be compiled or loaded: {ex.GetType().Name}: {ex.Message}", ex);
        }
    }

    private LoadedDriver Load(DriverConfig driver, CancellationToken cancellationToken)
    {
        if (!File.Exists(driver.Path))
        {
            throw new DriverLoadException($"Driver '{driver.Id}': script '{driver.Path}' does not exist. Fix the path or create the file.");
        }
        var sources = CsxDirectiveReader.Read(driver.Path);
        var references = ScriptReferences.Open(sources, out var referenceErrors);
        if (sources.Errors.Count > 0 || referenceErrors.Count > 0)
        {
            throw CompileFailed(driver, [.. sources.Errors, .. referenceErrors]);
        }
        var baseReferences = BaseReferences.Current;
        string assemblyName = Path.GetFileName(driver.Path);
        string key = ScriptCacheKey.Compute(assemblyName, sources, references.Select(r => (r.Path, r.Mvid)), baseReferences.Identity);

        var build = _cache.TryRead(key);
        if (build is not null)
        {
            LogCacheHit(driver.Id, driver.Path);
            try
            {
                return Instantiate(driver, sources, references, build);
            }
            catch (BadImageFormatException)
            {
                _cache.Forget(key); // the checksum held, but the bytes don't load: build them again
            }
        }
        build = Compile(driver, sources, assemblyName, references, baseReferences, cancellationToken);
        _cache.Write(key, build);
        return Instantiate(driver, sources, references, build);
    }

    private CompiledScript Compile(DriverConfig driver, ScriptSources sources, string assemblyName, IReadOnlyList<OpenedReference> references,
        BaseReferences baseReferences, CancellationToken cancellationToken)
    {
        LogCompiling(driver.Id, driver.Path, sources.Files.Count);
        var clock = Stopwatch.StartNew();
        var result = CSharpScriptCompiler.Compile(assemblyName, sources.Files,
            baseReferences.References.Concat(references.Select(r => r.ToMetadata())), cancellationToken);
        if (result.Build is null)
        {
            throw CompileFailed(driver, result.Errors);
        }
        LogCompiled(driver.Id, clock.ElapsedMilliseconds);
        if (result.Warnings.Count > 0)
        {
            LogWarnings(driver.Id, result.Warnings.Count, string.Join(Environment.NewLine, result.Warnings));
        }
        return result.Build;
    }

    private LoadedDriver Instantiate(DriverConfig driver, ScriptSources sources, IReadOnlyList<OpenedReference> references, CompiledScript build)
    {
        int generation = Interlocked.Increment(ref _generation);
        var resolver = new ScriptAssemblyResolver(references.Select(r => (r.Path, r.Name)));
        var context = new DriverLoadContext($"{driver.Id}#{generation}", resolver.Resolve);
        try
        {
            using var image = new MemoryStream(build.Image, writable: false);
            using var pdb = new MemoryStream(build.Pdb, writable: false);
            var assembly = context.LoadFromStream(image, pdb);
            var type = AssemblyDriverLoader.FindDriverType(driver.Id, assembly, driver.ClassName);
            return new LoadedDriver(driver.Id, driver.Path, DriverDescriptor.Describe(type), context, generation)
            {
                // The script, its #loads and its #r assemblies: a change to any of them is a change to the driver.
                WatchedFiles = [.. sources.Files.Select(f => f.Path), .. references.Select(r => r.Path)],
            };
        }
        catch (Exception ex)
        {
            context.Unload();
            if (ex is DriverLoadException or BadImageFormatException)
            {
                throw;
            }
            string reason = ex is DriverDefinitionException or FileLoadException or FileNotFoundException ? ex.Message : $"{ex.GetType().Name}: {ex.Message}";
            throw new DriverLoadException($"Driver '{driver.Id}': script '{driver.Path}' compiled but cannot be used: {reason}", ex);
        }
    }

    private static DriverLoadException CompileFailed(DriverConfig driver, IReadOnlyList<string> errors) => new(
        $"Driver '{driver.Id}': script '{driver.Path}' did not compile ({errors.Count} error{(errors.Count == 1 ? "" : "s")}):" +
        Environment.NewLine + string.Join(Environment.NewLine, errors));

    [LoggerMessage(Level = LogLevel.Information, Message = "Compiling C# script driver {DriverId} from {Path} ({Files} file(s))")]
    private partial void LogCompiling(string driverId, string path, int files);

    [LoggerMessage(Level = LogLevel.Information, Message = "Compiled C# script driver {DriverId} in {Milliseconds} ms")]
    private partial void LogCompiled(string driverId, long milliseconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "C# script driver {DriverId} loaded from the build cache ({Path} unchanged)")]
    private partial void LogCacheHit(string driverId, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "C# script driver {DriverId} compiled with {Count} warning(s):\n{Warnings}")]
    private partial void LogWarnings(string driverId, int count, string warnings);
}
