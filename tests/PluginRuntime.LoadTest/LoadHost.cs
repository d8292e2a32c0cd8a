using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using PluginRuntime.Host;

namespace PluginRuntime.LoadTest;

/// <summary>The real runtime, in this process, on 127.0.0.1 with an OS-chosen port, running one Ticker module.</summary>
internal sealed class LoadHost : IAsyncDisposable
{
    /// <summary>Clients spread over several keys, as panels each have their own (the runtime caps connections per key).</summary>
    public const int KeyCount = 4;

    public static string ApiKey(int client) => $"load-test-key-{client % KeyCount}-0123456789";
    public const string SystemId = "sys-load";

    private readonly WebApplication _app;
    private readonly string _folder;

    private LoadHost(WebApplication app, string folder, Uri control)
    {
        _app = app;
        _folder = folder;
        Control = control;
    }

    public Uri Control { get; }

    /// <summary>The runtime's open control connections, to read their outbound buffers' peaks.</summary>
    public PluginRuntime.Host.Realtime.ConnectionRegistry Connections => _app.Services.GetRequiredService<PluginRuntime.Host.Realtime.ConnectionRegistry>();

    public static async Task<LoadHost> StartAsync()
    {
        string folder = Path.Combine(Path.GetTempPath(), "pr-load-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "runtime.yaml"), $"""
            org: {"{"} id: org-load, name: Load {"}"}
            drivers:
              - id: ticker
                assembly: {FindBehaviours()}
                class: TestDrivers.Behaviours.TickerDriver
            modules:
              - {"{"} id: mod-ticker, driver: ticker {"}"}
            systems:
              - {"{"} id: {SystemId}, name: Load, modules: [mod-ticker] {"}"}
            # This tool measures the websocket face: state publishing to MQTT is off so it doesn't share the CPU.
            mqtt: {"{"} embedded: {"{"} enabled: false {"}"} {"}"}
            api_keys:
            {string.Join("\n", Enumerable.Range(0, KeyCount).Select(i => $"  - {{ name: load-{i}, key: {ApiKey(i)}, role: admin }}"))}
            """);
        string[] args = ["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:PluginRuntime=Warning"];
        var options = HostCommandLine.Parse([folder, .. args]);
        if (options.Error is not null)
        {
            throw new InvalidOperationException(options.Error);
        }
        var app = RuntimeHost.Build(options, args);
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        var control = new Uri(address.Replace("http://", "ws://") + "/api/engine/v2/systems/control");
        return new LoadHost(app, folder, control);
    }

    private static string FindBehaviours()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "artifacts", "test-drivers", "Behaviours", "TestDrivers.Behaviours.dll");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException("Build the solution first: artifacts/test-drivers/Behaviours/TestDrivers.Behaviours.dll is missing.");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
