using System.Net;
using System.Text.Json;
using PluginRuntime.Host.Tests.Support;

namespace PluginRuntime.Host.Tests.Rest;

/// <summary>Every read endpoint's happy path, as an unscoped admin sees it, with exact bodies.</summary>
[Collection(RestHostCollection.Name)]
public sealed class ReadEndpointsTests(RestHostFixture fixture)
{
    private RestTestHost Host => fixture.Host;

    [Fact]
    public async Task Systems_lists_each_system_with_its_zones_and_module_addresses()
    {
        var body = await GetOkAsync("/api/engine/v2/systems");

        Assert.Equal(
            """[{"id":"sys-l1","name":"Room L1","zones":["zone-l1"],"modules":[{"address":"Echo_1","module_id":"mod-echo-l1","name":"Echo","index":1},{"address":"Speaker_1","module_id":"mod-speaker-l1","name":"Speaker","index":1}]},""" +
            """{"id":"sys-l2","name":"Room L2","zones":["zone-l2"],"modules":[{"address":"Echo_1","module_id":"mod-echo-l2","name":"Echo","index":1}]},""" +
            """{"id":"sys-far","name":"Far Room","zones":["zone-far"],"modules":[{"address":"Echo_1","module_id":"mod-echo-far","name":"Echo","index":1}]}]""",
            body);
    }

    [Fact]
    public async Task One_system_is_described_the_same_way()
    {
        var body = await GetOkAsync("/api/engine/v2/systems/sys-l2");

        Assert.Equal("""{"id":"sys-l2","name":"Room L2","zones":["zone-l2"],"modules":[{"address":"Echo_1","module_id":"mod-echo-l2","name":"Echo","index":1}]}""", body);
    }

    [Fact]
    public async Task An_unknown_system_is_404_with_code_5()
    {
        using var response = await Host.SendAsync(RestTestHost.Get("/api/engine/v2/systems/sys-nope"));

        await ProblemAssert.IsAsync(response, HttpStatusCode.NotFound, 5, "System 'sys-nope' does not exist.");
    }

    [Fact]
    public async Task Zones_lists_every_zone_with_its_tags_and_parent()
    {
        var body = await GetOkAsync("/api/engine/v2/zones");

        Assert.Equal(
            """[{"id":"zone-bld","name":"Building","tags":["building"],"parent":null},""" +
            """{"id":"zone-l1","name":"Level 1","tags":["level"],"parent":"zone-bld"},""" +
            """{"id":"zone-l2","name":"Level 2","tags":["level"],"parent":"zone-bld"},""" +
            """{"id":"zone-far","name":"Far Building","tags":["building"],"parent":null}]""",
            body);
    }

    [Fact]
    public async Task Modules_lists_every_module_with_its_driver_state_and_places()
    {
        using var modules = JsonDocument.Parse(await GetOkAsync("/api/engine/v2/modules"));

        Assert.Equal(["mod-echo-l1", "mod-speaker-l1", "mod-echo-l2", "mod-echo-far"],
            modules.RootElement.EnumerateArray().Select(m => m.GetProperty("id").GetString()));
        Assert.All(modules.RootElement.EnumerateArray(), m => Assert.True(m.GetProperty("running").GetBoolean()));
    }

    [Fact]
    public async Task One_module_says_what_runs_it_and_where_it_is_addressed()
    {
        var body = await GetOkAsync("/api/engine/v2/modules/mod-speaker-l1");

        Assert.Equal("""{"id":"mod-speaker-l1","driver":"echo","driver_name":"Echo","enabled":true,"running":true,"error":null,"systems":[{"system_id":"sys-l1","address":"Speaker_1"}]}""", body);
    }

    [Fact]
    public async Task An_unknown_module_id_is_404_with_code_6()
    {
        using var response = await Host.SendAsync(RestTestHost.Get("/api/engine/v2/modules/mod-nope"));

        await ProblemAssert.IsAsync(response, HttpStatusCode.NotFound, 6, "Module 'mod-nope' does not exist.");
    }

    [Fact]
    public async Task Drivers_lists_each_driver_with_its_names_and_description()
    {
        var body = await GetOkAsync("/api/engine/v2/drivers");

        Assert.Equal("""[{"id":"echo","name":"Echo","description":null,"default_module_name":"Echo","loaded":true,"error":null}]""", body);
    }

    [Fact]
    public async Task A_modules_state_in_a_system_is_one_object_of_raw_values()
    {
        var body = await GetOkAsync("/api/engine/v2/systems/sys-l1/Echo_1/state");

        Assert.Equal("""{"greeting":"hello"}""", body);
    }

    [Fact]
    public async Task A_bare_module_name_means_index_1()
    {
        var body = await GetOkAsync("/api/engine/v2/systems/sys-l1/Speaker/state");

        Assert.Equal("""{"greeting":"hello"}""", body);
    }

    [Fact]
    public async Task One_state_key_is_its_raw_value_and_an_unset_key_is_null()
    {
        Assert.Equal("\"hello\"", await GetOkAsync("/api/engine/v2/systems/sys-l1/Echo_1/state/greeting"));
        Assert.Equal("null", await GetOkAsync("/api/engine/v2/systems/sys-l1/Echo_1/state/never_written"));
    }

    [Fact]
    public async Task A_modules_state_by_id_is_the_same_object()
    {
        Assert.Equal("""{"greeting":"hello"}""", await GetOkAsync("/api/engine/v2/modules/mod-echo-l2/state"));
    }

    [Fact]
    public async Task An_unknown_module_address_is_404_with_code_6_listing_the_systems_modules()
    {
        using var response = await Host.SendAsync(RestTestHost.Get("/api/engine/v2/systems/sys-l1/Door_2/state"));

        await ProblemAssert.IsAsync(response, HttpStatusCode.NotFound, 6, "System 'sys-l1' has no module Door_2. Its modules: Echo_1, Speaker_1.");
    }

    [Fact]
    public async Task The_interface_gives_each_method_its_parameter_schema_and_security_level()
    {
        using var methods = JsonDocument.Parse(await GetOkAsync("/api/engine/v2/systems/sys-l1/Echo_1/interface"));

        var root = methods.RootElement;
        Assert.Equal(["echo", "add", "greeting", "required", "settings_change_count", "set_value", "admin_only", "say", "list_sensors"],
            root.EnumerateObject().Select(p => p.Name));
        var add = root.GetProperty("add");
        Assert.Equal("user", add.GetProperty("security").GetString());
        Assert.Equal(["a", "b"], add.GetProperty("order").EnumerateArray().Select(e => e.GetString()));
        var parameters = add.GetProperty("parameters");
        Assert.Equal("object", parameters.GetProperty("type").GetString());
        Assert.Equal("integer", parameters.GetProperty("properties").GetProperty("a").GetProperty("type").GetString());
        Assert.Equal(["a"], parameters.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("admin", root.GetProperty("admin_only").GetProperty("security").GetString());
    }

    [Fact]
    public async Task Config_status_counts_what_runs_and_reports_no_errors()
    {
        using var status = JsonDocument.Parse(await GetOkAsync("/api/engine/v2/config/status"));

        var root = status.RootElement;
        Assert.True(root.GetProperty("loaded").GetBoolean());
        Assert.Equal(Host.Folder, root.GetProperty("folder").GetString());
        Assert.Equal("org-test", root.GetProperty("org").GetString());
        Assert.Equal("""{"zones":4,"drivers":1,"modules":4,"systems":3,"api_keys":3,"users":2}""", root.GetProperty("counts").GetRawText());
        Assert.Empty(root.GetProperty("config_errors").EnumerateArray());
        Assert.Empty(root.GetProperty("driver_errors").EnumerateObject());
        Assert.True(root.GetProperty("bearer_tokens").GetBoolean());
    }

    [Fact]
    public async Task Health_without_credentials_gives_only_the_verdict()
    {
        var body = await GetOkAsync("/api/engine/v2/health", apiKey: null);

        Assert.Equal("""{"status":"ok","config_loaded":true,"modules":null,"config_errors":null,"driver_errors":null}""", body);
    }

    [Fact]
    public async Task Health_with_credentials_lists_the_modules_and_errors()
    {
        using var health = JsonDocument.Parse(await GetOkAsync("/api/engine/v2/health"));

        var root = health.RootElement;
        Assert.Equal("ok", root.GetProperty("status").GetString());
        Assert.Equal(["mod-echo-far", "mod-echo-l1", "mod-echo-l2", "mod-speaker-l1"],
            root.GetProperty("modules").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
        Assert.Empty(root.GetProperty("config_errors").EnumerateArray());
    }

    [Fact]
    public async Task Health_with_a_wrong_key_is_refused_rather_than_treated_as_anonymous()
    {
        using var response = await Host.SendAsync(RestTestHost.Get("/api/engine/v2/health", "a-wrong-key-0123456789"));

        await ProblemAssert.IsAsync(response, HttpStatusCode.Unauthorized, 2, "API key not recognised (sent in the X-API-Key header)");
    }

    private async Task<string> GetOkAsync(string path, string? apiKey = RestTestHost.AdminKey)
    {
        using var response = await Host.SendAsync(RestTestHost.Get(path, apiKey));
        var body = await response.Content.ReadAsStringAsync().WithTimeout($"the body of {path}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} gave {(int)response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return body;
    }
}
