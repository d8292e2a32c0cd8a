using System.Net;
using System.Text.Json;
using PluginRuntime.Host.Tests.Support;

namespace PluginRuntime.Host.Tests.Rest;

/// <summary>
/// Scoped callers: lists show only what is in scope, and anything outside it is 403 with code 2. The panel key is
/// limited to sys-l1; the building key to zone-bld, which reaches sys-l1 and sys-l2 through their levels' parent.
/// </summary>
[Collection(RestHostCollection.Name)]
public sealed class ScopeTests(RestHostFixture fixture)
{
    private RestTestHost Host => fixture.Host;

    [Fact]
    public async Task A_key_limited_to_one_system_lists_only_that_system()
    {
        Assert.Equal(["sys-l1"], await IdsAsync("/api/engine/v2/systems", RestTestHost.PanelKey));
    }

    [Fact]
    public async Task A_key_limited_to_a_zone_reaches_the_systems_of_its_descendant_zones()
    {
        Assert.Equal(["sys-l1", "sys-l2"], await IdsAsync("/api/engine/v2/systems", RestTestHost.BuildingKey));
    }

    [Fact]
    public async Task Modules_zones_and_drivers_are_filtered_to_the_scope()
    {
        Assert.Equal(["mod-echo-l1", "mod-speaker-l1"], await IdsAsync("/api/engine/v2/modules", RestTestHost.PanelKey));
        Assert.Equal(["zone-bld", "zone-l1"], await IdsAsync("/api/engine/v2/zones", RestTestHost.PanelKey));
        Assert.Equal(["echo"], await IdsAsync("/api/engine/v2/drivers", RestTestHost.PanelKey));
    }

    [Fact]
    public async Task A_bearer_user_limited_to_a_zone_lists_its_modules_only()
    {
        var request = RestTestHost.WithBearer(RestTestHost.Get("/api/engine/v2/modules", apiKey: null),
            JwtTestTokens.Hs256(RestTestHost.JwtSecret, "alice"));
        using var response = await Host.SendAsync(request);
        using var modules = JsonDocument.Parse(await response.Content.ReadAsStringAsync().WithTimeout("alice's modules"));

        Assert.Equal(["mod-echo-l2"], modules.RootElement.EnumerateArray().Select(m => m.GetProperty("id").GetString()));
    }

    [Theory]
    [InlineData("/api/engine/v2/systems/sys-l2", "'panel' may not access system 'sys-l2'.")]
    [InlineData("/api/engine/v2/systems/sys-l2/Echo_1/state", "'panel' may not access system 'sys-l2'.")]
    [InlineData("/api/engine/v2/systems/sys-l2/Echo_1/state/greeting", "'panel' may not access system 'sys-l2'.")]
    [InlineData("/api/engine/v2/systems/sys-l2/Echo_1/interface", "'panel' may not access system 'sys-l2'.")]
    [InlineData("/api/engine/v2/modules/mod-echo-l2", "'panel' may not access module 'mod-echo-l2'.")]
    [InlineData("/api/engine/v2/modules/mod-echo-l2/state", "'panel' may not access module 'mod-echo-l2'.")]
    public async Task Anything_outside_the_scope_is_403_with_code_2(string path, string detail)
    {
        using var response = await Host.SendAsync(RestTestHost.Get(path, RestTestHost.PanelKey));

        await ProblemAssert.IsAsync(response, HttpStatusCode.Forbidden, 2, detail);
    }

    [Fact]
    public async Task A_system_outside_a_zone_scope_is_403_and_the_denial_is_logged()
    {
        using var response = await Host.SendAsync(RestTestHost.Get("/api/engine/v2/systems/sys-far", RestTestHost.BuildingKey));

        await ProblemAssert.IsAsync(response, HttpStatusCode.Forbidden, 2, "'building' may not access system 'sys-far'.");
        Assert.Contains("Access denied: building to sys-far", Host.Log.Warnings);
    }

    [Fact]
    public async Task Config_status_needs_support_clearance()
    {
        using var refused = await Host.SendAsync(RestTestHost.Get("/api/engine/v2/config/status", RestTestHost.PanelKey));
        using var allowed = await Host.SendAsync(RestTestHost.Get("/api/engine/v2/config/status", RestTestHost.BuildingKey));

        await ProblemAssert.IsAsync(refused, HttpStatusCode.Forbidden, 2, "The config status needs support clearance; 'panel' has user.");
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact]
    public async Task Health_for_a_user_lists_modules_in_scope_and_no_errors()
    {
        using var response = await Host.SendAsync(RestTestHost.Get("/api/engine/v2/health", RestTestHost.PanelKey));
        using var health = JsonDocument.Parse(await response.Content.ReadAsStringAsync().WithTimeout("the health report"));

        var root = health.RootElement;
        Assert.Equal(["mod-echo-l1", "mod-speaker-l1"], root.GetProperty("modules").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
        Assert.Equal(JsonValueKind.Null, root.GetProperty("config_errors").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("driver_errors").ValueKind);
    }

    private async Task<string[]> IdsAsync(string path, string apiKey)
    {
        using var response = await Host.SendAsync(RestTestHost.Get(path, apiKey));
        var body = await response.Content.ReadAsStringAsync().WithTimeout($"the body of {path}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} gave {(int)response.StatusCode}: {body}");
        using var list = JsonDocument.Parse(body);
        return [.. list.RootElement.EnumerateArray().Select(e => e.GetProperty("id").GetString()!)];
    }
}
