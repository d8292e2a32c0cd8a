using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using PluginRuntime.Core.Scripting.CSharp;
using PluginRuntime.Host.Tests.Support;
using static PluginRuntime.Host.Tests.Support.Frames;

namespace PluginRuntime.Host.Tests.Realtime;

/// <summary>A C# script driver behind the control websocket: an edit swaps the code under live bindings; a broken edit is reported and changes nothing.</summary>
public sealed class RealtimeScriptReloadTests : IAsyncLifetime
{
    private RealtimeTestHost _host = null!;
    private RealtimeClient _client = null!;
    private string _script = null!;

    private static string Counter(string version, string extra = "") => $$"""
        using PluginRuntime.Sdk;

        [Driver("Counter", DefaultModuleName = "Counter")]
        public sealed class Counter : Driver
        {
            public int Increment()
            {
                int next = GetStatus<int>("count") + 1;
                SetStatus("count", next);
                return next;{{extra}}
            }

            protected override Task OnLoadAsync(CancellationToken cancellationToken)
            {
                SetStatus("version", "{{version}}");
                return Task.CompletedTask;
            }
        }
        """;

    public async Task InitializeAsync()
    {
        _host = await RealtimeTestHost.StartAsync();
        // The host started the compiler's warm-up; the first compile in a process (loading and JIT-compiling Roslyn)
        // can take longer than the usual 10 s bound on a busy machine, so wait for it under a bound of its own.
        await RoslynWarmUp.StartOnce(NullLogger.Instance).WaitAsync(TimeSpan.FromMinutes(2));
        _script = Path.Combine(_host.Folder, "counter.cs");
        File.WriteAllText(_script, Counter("v1"));
        // watch: false and an explicit reload: the test decides when the edit lands (the watcher itself is covered in Core).
        await _host.ApplyAsync($$"""
            drivers:
              - { id: counter, script: {{_script}}, watch: false }
            modules:
              - { id: mod-c, driver: counter }
            systems:
              - { id: sys-1, name: One, modules: [mod-c] }
            """);
        _client = await _host.ConnectAsync();
    }

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task An_edited_script_reaches_clients_on_the_same_bindings_and_a_broken_one_is_reported_while_the_old_code_serves()
    {
        AssertSuccess(await _client.RequestAsync(Bind(1, "Counter", "version"), "the version bind"), 1);
        Assert.Equal("\"v1\"", AssertNotify(await _client.ReceiveAsync("v1"), 1));
        AssertSuccess(await _client.RequestAsync(Bind(2, "Counter", "count"), "the count bind"), 2);
        await _client.SendAsync(Exec(3, "Counter", "increment"));
        Assert.Equal("1", AssertNotify(await _client.ReceiveAsync("count 1"), 2));
        AssertSuccess(await _client.ReceiveAsync("the increment reply"), 3);

        File.WriteAllText(_script, Counter("v2"));
        var report = await _host.Engine.ReloadDriverAsync("counter").WithTimeout("the script reload");
        Assert.Equal(["mod-c"], report.Restarted);
        Assert.Equal("\"v2\"", AssertNotify(await _client.ReceiveAsync("v2 from the recompiled script, on the same binding"), 1));
        await _client.SendAsync(Exec(4, "Counter", "increment"));
        Assert.Equal("2", AssertNotify(await _client.ReceiveAsync("count 2: status was handed over"), 2));
        AssertSuccess(await _client.ReceiveAsync("the second increment reply"), 4);

        File.WriteAllText(_script, Counter("v3", extra: " oops"));
        report = await _host.Engine.ReloadDriverAsync("counter").WithTimeout("the broken reload");
        Assert.Empty(report.Restarted);

        using var http = new HttpClient { BaseAddress = _host.HttpAddress };
        http.DefaultRequestHeaders.Add("X-API-Key", TestAuthenticator.Admin);
        using var status = JsonDocument.Parse(await http.GetStringAsync("/api/engine/v2/config/status").WithTimeout("the config status"));
        string error = status.RootElement.GetProperty("driver_errors").GetProperty("counter").GetString()!;
        Assert.Equal(
            $"""
            Driver 'counter': script '{_script}' did not compile (2 errors):
            {_script}(10,22): error CS0103: The name 'oops' does not exist in the current context
            {_script}(10,26): error CS1002: ; expected
            """.ReplaceLineEndings(),
            error);
        using var health = JsonDocument.Parse(await http.GetStringAsync("/api/engine/v2/health").WithTimeout("the health report"));
        Assert.Equal("degraded", health.RootElement.GetProperty("status").GetString());
        Assert.Equal(error, health.RootElement.GetProperty("driver_errors").GetProperty("counter").GetString());

        await _client.SendAsync(Exec(5, "Counter", "increment"));
        Assert.Equal("3", AssertNotify(await _client.ReceiveAsync("count 3 from the v2 code that kept serving"), 2));
        AssertSuccess(await _client.ReceiveAsync("the third increment reply"), 5);
    }
}
