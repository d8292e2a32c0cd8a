using System.Text;
using System.Text.Json;
using PluginRuntime.Core.Config;
using PluginRuntime.Core.Engine;
using PluginRuntime.Core.Exec;
using PluginRuntime.Core.Modules;
using PluginRuntime.Core.Transports;

namespace PluginRuntime.Core.Tests.Support;

/// <summary>A real engine on a temp config folder, loading real plugin assemblies, with every log line kept.</summary>
internal sealed class EngineFixture : IAsyncDisposable
{
    public const string Org = "org:\n  id: org-test\n  name: Test Org\n";

    private EngineFixture(RuntimeOptions options, TimeProvider time)
    {
        Folder = new TempFolder();
        Logs = new ListLoggerFactory();
        Time = time;
        Engine = new RuntimeEngine(options, Logs, time, new StreamTransportFactory(time, options));
    }

    public TempFolder Folder { get; }

    public ListLoggerFactory Logs { get; }

    public TimeProvider Time { get; }

    public RuntimeEngine Engine { get; }

    public static EngineFixture Create(RuntimeOptions? options = null, TimeProvider? time = null) =>
        new(options ?? new RuntimeOptions { UnloadPatience = TimeSpan.FromSeconds(10), WatchDebounce = TimeSpan.FromMilliseconds(100) },
            time ?? TimeProvider.System);

    /// <summary>Writes runtime.yaml (with the org prepended and {behaviours} replaced) and loads it like an edit.</summary>
    public async Task<ConfigLoadResult> ApplyAsync(string yaml)
    {
        Folder.Write("runtime.yaml", Org + yaml.Replace("{behaviours}", RepoPaths.Behaviours));
        return await Engine.LoadAndApplyAsync(Folder.Path);
    }

    /// <summary>Like <see cref="ApplyAsync"/>, and fails the test with the errors if the config didn't validate.</summary>
    public async Task<ApplyReport> ApplyValidAsync(string yaml)
    {
        ApplyReport? report = null;
        void Capture(ApplyReport r) => report = r;
        Engine.Applied += Capture;
        try
        {
            var result = await ApplyAsync(yaml);
            Assert.True(result.Succeeded, "config should be valid:\n" + string.Join("\n", result.Errors));
            return report!;
        }
        finally
        {
            Engine.Applied -= Capture;
        }
    }

    public Task<ExecResult> ExecAsync(string system, string module, string method, string argsJson = "[]", Caller? caller = null)
    {
        var address = Sdk.Hosting.ModuleAddress.Parse(module);
        using var args = JsonDocument.Parse(argsJson);
        return Engine.Exec.ExecAsync(system, address.Name, address.Index, method, args.RootElement.Clone(), caller ?? Caller.Internal, CancellationToken.None);
    }

    /// <summary>Execs and returns the JSON result, failing the test with the error otherwise.</summary>
    public async Task<string> ExecOkAsync(string system, string module, string method, string argsJson = "[]")
    {
        var result = await ExecAsync(system, module, method, argsJson);
        Assert.True(result.IsSuccess, $"{module}.{method} should succeed but gave {result.Status}: {result.Error}");
        return Encoding.UTF8.GetString(result.Json!);
    }

    public string? Status(string moduleId, string key) =>
        Engine.State.TryGet(moduleId, key, out var json) ? Encoding.UTF8.GetString(json) : null;

    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync();
        Folder.Dispose();
    }
}
