using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PluginRuntime.Host.Tests.Support;

/// <summary>
/// The real host (RuntimeHost.Build, Kestrel on 127.0.0.1:0) on a temp config folder with the Behaviours test
/// driver, and an HTTP client for it. The default config has three systems in a small zone tree and one api key or
/// user per kind of scope, so every access rule has someone to test it with.
/// </summary>
internal sealed class RestTestHost : IAsyncDisposable
{
    public const string JwtSecret = "test-secret-0123456789abcdef0123456789";
    public const string AdminKey = "admin-key-0123456789";
    public const string PanelKey = "panel-key-0123456789";
    public const string BuildingKey = "building-key-0123456789";

    /// <summary>
    /// sys-l1 (zone-l1: Echo_1, Speaker_1) and sys-l2 (zone-l2: Echo_1) are in zone-bld; sys-far (zone-far) is not.
    /// admin: everything. panel (user): sys-l1 only. building (support): zone-bld and below. Users: alice (user,
    /// zone-l2), root (admin, everything).
    /// </summary>
    public const string DefaultConfig = """
        org: { id: org-test, name: Test Org }
        zones:
          - { id: zone-bld, name: Building, tags: [building] }
          - { id: zone-l1, name: Level 1, tags: [level], parent: zone-bld }
          - { id: zone-l2, name: Level 2, tags: [level], parent: zone-bld }
          - { id: zone-far, name: Far Building, tags: [building] }
        drivers:
          - { id: echo, assembly: "{behaviours}", class: TestDrivers.Behaviours.EchoDriver }
        modules:
          - { id: mod-echo-l1, driver: echo }
          - { id: mod-speaker-l1, driver: echo, name: Speaker }
          - { id: mod-echo-l2, driver: echo }
          - { id: mod-echo-far, driver: echo }
        systems:
          - { id: sys-l1, name: Room L1, zones: [zone-l1], modules: [mod-echo-l1, mod-speaker-l1] }
          - { id: sys-l2, name: Room L2, zones: [zone-l2], modules: [mod-echo-l2] }
          - { id: sys-far, name: Far Room, zones: [zone-far], modules: [mod-echo-far] }
        api_keys:
          - { name: admin, key: admin-key-0123456789, role: admin }
          - { name: panel, key: panel-key-0123456789, role: user, systems: [sys-l1] }
          - { name: building, key: building-key-0123456789, role: support, zones: [zone-bld] }
        users:
          - { name: alice, role: user, zones: [zone-l2] }
          - { name: root, role: admin }
        auth:
          jwt_secret: test-secret-0123456789abcdef0123456789
        """;

    private readonly WebApplication _app;

    private RestTestHost(string folder, WebApplication app, RestTestLog log, HttpClient http)
    {
        Folder = folder;
        _app = app;
        Log = log;
        Http = http;
    }

    public string Folder { get; }

    public RestTestLog Log { get; }

    /// <summary>A client with no credentials; tests add them per request.</summary>
    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<RestTestHost> StartAsync(string config = DefaultConfig)
    {
        var folder = Path.Combine(Path.GetTempPath(), "pr-rest-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "runtime.yaml"), config.Replace("{behaviours}", RestTestPaths.Behaviours));
        var log = new RestTestLog();
        string[] args = ["--urls", "http://127.0.0.1:0"];
        var app = RuntimeHost.Build(new HostCommandLine(folder, false, null), args, builder =>
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddProvider(log);
        });
        await app.StartAsync().WithTimeout("the host to start");
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        var http = new HttpClient { BaseAddress = new Uri(address), Timeout = TaskTimeouts.Limit };
        return new RestTestHost(folder, app, log, http);
    }

    /// <summary>Replaces runtime.yaml, as an operator editing the config would.</summary>
    public void WriteConfig(string config) =>
        File.WriteAllText(Path.Combine(Folder, "runtime.yaml"), config.Replace("{behaviours}", RestTestPaths.Behaviours));

    public static HttpRequestMessage Get(string path, string? apiKey = AdminKey) => WithKey(new HttpRequestMessage(HttpMethod.Get, path), apiKey);

    public static HttpRequestMessage Post(string path, string? body, string? apiKey = AdminKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, new MediaTypeHeaderValue("application/json"));
        }
        return WithKey(request, apiKey);
    }

    public static HttpRequestMessage WithBearer(HttpRequestMessage request, string token)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request) =>
        Http.SendAsync(request).WithTimeout($"{request.Method} {request.RequestUri}");

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync().WithTimeout("the host to stop");
        await _app.DisposeAsync().WithTimeout("the host to dispose");
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // The config watcher may still hold the folder for a moment; the OS temp cleaner gets it later.
        }
    }

    private static HttpRequestMessage WithKey(HttpRequestMessage request, string? apiKey)
    {
        if (apiKey is not null)
        {
            request.Headers.Add("X-API-Key", apiKey);
        }
        return request;
    }
}
