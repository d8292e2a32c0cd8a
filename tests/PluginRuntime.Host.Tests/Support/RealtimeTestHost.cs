using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PluginRuntime.Core.Engine;
using PluginRuntime.Core.Modules;
using PluginRuntime.Host.Auth;
using PluginRuntime.Host.Realtime;

namespace PluginRuntime.Host.Tests.Support;

/// <summary>
/// The real host (RuntimeHost.Build, Kestrel on 127.0.0.1:0) on a temp config folder with the Behaviours test driver,
/// the test authenticator, and config edits applied only when a test says so (the folder watcher is kept quiet).
/// </summary>
internal sealed class RealtimeTestHost : IAsyncDisposable
{
    private const string Org = "org:\n  id: org-test\n  name: Test Org\n";

    /// <summary>sys-1: Echo_1 (mod-echo-a), Echo_2 (mod-echo-b), Faulty_1; sys-2: Echo_1 (mod-echo-b).</summary>
    public const string DefaultConfig = """
        drivers:
          - id: echo
            assembly: {behaviours}
            class: TestDrivers.Behaviours.EchoDriver
          - id: faulty
            assembly: {behaviours}
            class: TestDrivers.Behaviours.FaultyDriver
        modules:
          - { id: mod-echo-a, driver: echo }
          - { id: mod-echo-b, driver: echo }
          - { id: mod-faulty, driver: faulty, name: Faulty }
        systems:
          - { id: sys-1, name: One, modules: [mod-echo-a, mod-echo-b, mod-faulty] }
          - { id: sys-2, name: Two, modules: [mod-echo-b] }
        """;

    private RealtimeTestHost(WebApplication app, string folder, CountingLoggerProvider logs)
    {
        App = app;
        Folder = folder;
        Logs = logs;
        Engine = app.Services.GetRequiredService<RuntimeEngine>();
        Connections = app.Services.GetRequiredService<ConnectionRegistry>();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        HttpAddress = new Uri(address);
        ControlUri = new Uri(new Uri(address.Replace("http://", "ws://")), RealtimeEndpoint.Path);
    }

    public WebApplication App { get; }

    public string Folder { get; }

    public CountingLoggerProvider Logs { get; }

    public RuntimeEngine Engine { get; }

    public ConnectionRegistry Connections { get; }

    public Uri HttpAddress { get; }

    public Uri ControlUri { get; }

    /// <param name="hostArgs">More host command-line settings (e.g. <c>--Kestrel:EndpointDefaults:Protocols=Http2</c>).</param>
    public static async Task<RealtimeTestHost> StartAsync(string config = DefaultConfig, RealtimeOptions? options = null, string[]? hostArgs = null)
    {
        string folder = Path.Combine(Path.GetTempPath(), "pr-ws-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        WriteConfig(folder, config);
        var logs = new CountingLoggerProvider();
        var app = RuntimeHost.Build(new HostCommandLine(folder, false, null), ["--urls", "http://127.0.0.1:0", .. hostArgs ?? []], builder =>
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddProvider(logs);
            builder.Services.AddSingleton<IRequestAuthenticator, TestAuthenticator>();
            // Edits apply when the test calls ApplyAsync, never later from the folder watcher.
            builder.Services.AddSingleton(new RuntimeOptions { WatchDebounce = TimeSpan.FromHours(1), UnloadPatience = TimeSpan.FromSeconds(10) });
            if (options is not null)
            {
                builder.Services.AddSingleton(options);
            }
        });
        await app.StartAsync().WithTimeout("the host to start");
        return new RealtimeTestHost(app, folder, logs);
    }

    /// <summary>Rewrites the config and applies it like a live edit, failing the test if it doesn't validate.</summary>
    public async Task ApplyAsync(string config)
    {
        WriteConfig(Folder, config);
        var result = await Engine.LoadAndApplyAsync(Folder).WithTimeout("the config edit to apply");
        Assert.True(result.Succeeded, "config should be valid:\n" + string.Join("\n", result.Errors));
    }

    public string CopyIntoFolder(string source, string name)
    {
        string file = Path.Combine(Folder, name);
        File.Copy(source, file, overwrite: true);
        return file;
    }

    public Task<RealtimeClient> ConnectAsync(string? apiKey = TestAuthenticator.Admin) => RealtimeClient.ConnectAsync(ControlUri, apiKey);

    /// <summary>The server side of the only open connection.</summary>
    public RealtimeConnection SingleConnection() => Assert.Single(Connections.Live);

    private static void WriteConfig(string folder, string config) =>
        File.WriteAllText(Path.Combine(folder, "runtime.yaml"), Org + config.Replace("{behaviours}", RepoPaths.Behaviours));

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync().WithTimeout("the host to stop");
        await App.DisposeAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // a watcher may hold it for a moment; the OS temp cleaner gets it later
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
