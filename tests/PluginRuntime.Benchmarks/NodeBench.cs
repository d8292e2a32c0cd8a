using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using PluginRuntime.Core.Engine;
using PluginRuntime.Core.Exec;
using PluginRuntime.Core.Modules;
using PluginRuntime.Core.Transports;

namespace PluginRuntime.Benchmarks;

/// <summary>A real engine running one JavaScript or TypeScript driver module from a temp config folder.</summary>
internal sealed class NodeBench : IAsyncDisposable
{
    public const string SystemId = "sys-bench";

    private NodeBench(string folder, RuntimeEngine engine, string script)
    {
        Folder = folder;
        Engine = engine;
        ScriptPath = script;
    }

    public string Folder { get; }

    public RuntimeEngine Engine { get; }

    public string ScriptPath { get; }

    /// <summary>A driver answering add(a, b) and which_version(); its onLoad publishes the version as status.</summary>
    public static string Script(string version, bool typeScript = false) => $$"""
        const { Driver } = require('plugin-runtime');

        module.exports = class Bench extends Driver {
            static driver = { name: 'Bench', defaultModuleName: 'Bench' };

            onLoad(){{(typeScript ? ": void" : "")}} {
                this.setStatus('version', '{{version}}');
            }

            add(a{{(typeScript ? ": number" : "")}}, b{{(typeScript ? ": number" : "")}}) {
                return a + b;
            }

            whichVersion() {
                return '{{version}}';
            }
        };
        """;

    public static async Task<NodeBench> StartAsync(bool typeScript = false, bool watch = false)
    {
        string folder = Path.Combine(Path.GetTempPath(), "pr-nodebench-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        string script = Path.Combine(folder, typeScript ? "bench.ts" : "bench.js");
        File.WriteAllText(script, Script("v0", typeScript));
        File.WriteAllText(Path.Combine(folder, "runtime.yaml"), $$"""
            org:
              id: org-bench
              name: Bench
            drivers:
              - { id: bench, script: {{Path.GetFileName(script)}}, watch: {{(watch ? "true" : "false")}} }
            modules:
              - { id: mod-bench, driver: bench }
            systems:
              - { id: {{SystemId}}, name: Bench, modules: [mod-bench] }
            """);
        var options = new RuntimeOptions();
        var engine = new RuntimeEngine(options, NullLoggerFactory.Instance, TimeProvider.System, new StreamTransportFactory(TimeProvider.System, options));
        var result = await engine.LoadAndApplyAsync(folder);
        if (!result.Succeeded || !engine.DriverErrors.IsEmpty)
        {
            throw new InvalidOperationException("bench config did not load: " + string.Join("; ", result.Errors) + string.Join("; ", engine.DriverErrors.Values));
        }
        return new NodeBench(folder, engine, script);
    }

    public async Task<byte[]> ExecAsync(string method, JsonElement args)
    {
        var result = await Engine.Exec.ExecAsync(SystemId, "Bench", 1, method, args, Caller.Internal, CancellationToken.None);
        return result.IsSuccess ? result.Json! : throw new InvalidOperationException(result.Error);
    }

    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
