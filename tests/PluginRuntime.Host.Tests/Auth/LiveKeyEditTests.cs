using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PluginRuntime.Core.Engine;
using PluginRuntime.Host.Tests.Support;

namespace PluginRuntime.Host.Tests.Auth;

/// <summary>Keys and users come from the running config on every request: an edit applies without a restart.</summary>
public sealed class LiveKeyEditTests
{
    [Fact]
    public async Task Adding_and_removing_an_api_key_applies_to_the_next_request()
    {
        await using var host = await RestTestHost.StartAsync();
        const string newKey = "rotated-key-0123456789";
        using (var before = await host.SendAsync(RestTestHost.Get("/api/engine/v2/systems", newKey)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, before.StatusCode);
        }

        // The panel key is replaced by a new key with the same name and scope.
        await EditAndWaitAsync(host, RestTestHost.DefaultConfig.Replace(RestTestHost.PanelKey, newKey));

        using var added = await host.SendAsync(RestTestHost.Get("/api/engine/v2/systems", newKey));
        using var removed = await host.SendAsync(RestTestHost.Get("/api/engine/v2/systems", RestTestHost.PanelKey));
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.Equal("""[{"id":"sys-l1","name":"Room L1","zones":["zone-l1"],"modules":[{"address":"Echo_1","module_id":"mod-echo-l1","name":"Echo","index":1},{"address":"Speaker_1","module_id":"mod-speaker-l1","name":"Speaker","index":1}]}]""",
            await added.Content.ReadAsStringAsync().WithTimeout("the new key's systems"));
        await ProblemAssert.IsAsync(removed, HttpStatusCode.Unauthorized, 2, "API key not recognised (sent in the X-API-Key header)");
    }

    [Fact]
    public async Task Widening_a_users_scope_applies_to_the_next_request()
    {
        await using var host = await RestTestHost.StartAsync();
        var token = JwtTestTokens.Hs256(RestTestHost.JwtSecret, "alice");
        using (var before = await host.SendAsync(RestTestHost.WithBearer(RestTestHost.Get("/api/engine/v2/systems/sys-far", apiKey: null), token)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, before.StatusCode);
        }

        await EditAndWaitAsync(host, RestTestHost.DefaultConfig.Replace("{ name: alice, role: user, zones: [zone-l2] }", "{ name: alice, role: user, zones: [zone-l2, zone-far] }"));

        using var after = await host.SendAsync(RestTestHost.WithBearer(RestTestHost.Get("/api/engine/v2/systems/sys-far", apiKey: null), token));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    /// <summary>Writes the config and waits for the engine to apply it (the folder watcher's debounce, then the apply).</summary>
    private static async Task EditAndWaitAsync(RestTestHost host, string config)
    {
        var engine = host.Services.GetRequiredService<RuntimeEngine>();
        var applied = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnApplied(ApplyReport report) => applied.TrySetResult();
        engine.Applied += OnApplied;
        try
        {
            host.WriteConfig(config);
            await applied.Task.WithTimeout("the config edit to be applied");
        }
        finally
        {
            engine.Applied -= OnApplied;
        }
    }
}
