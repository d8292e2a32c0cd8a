using System.Net;
using PluginRuntime.Host.Tests.Support;

namespace PluginRuntime.Host.Tests.Rest;

/// <summary>
/// <c>POST systems/{sys}/{Name_index}/{method}</c>: positional and named arguments, and each error with its
/// HTTP status and websocket code. Writes go to sys-far so the read tests' values stay put.
/// </summary>
[Collection(RestHostCollection.Name)]
public sealed class ExecEndpointsTests(RestHostFixture fixture)
{
    private RestTestHost Host => fixture.Host;

    [Fact]
    public async Task Positional_arguments_are_a_json_array()
    {
        Assert.Equal("5", await ExecOkAsync("sys-far", "Echo_1", "add", "[2, 3]"));
        Assert.Equal("\"hi there\"", await ExecOkAsync("sys-far", "Echo_1", "echo", """["hi there"]"""));
    }

    [Fact]
    public async Task Named_arguments_are_a_json_object_and_missing_optional_ones_take_their_default()
    {
        Assert.Equal("12", await ExecOkAsync("sys-far", "Echo_1", "add", """{"a": 2}"""));
    }

    [Fact]
    public async Task An_empty_body_calls_a_method_without_arguments()
    {
        Assert.Equal("\"hello\"", await ExecOkAsync("sys-far", "Echo_1", "greeting", null));
    }

    [Fact]
    public async Task A_method_that_writes_status_is_seen_in_the_state_afterwards()
    {
        Assert.Equal("null", await ExecOkAsync("sys-far", "Echo_1", "set_value", """{"key": "level", "value": 7}"""));

        using var response = await Host.SendAsync(RestTestHost.Get("/api/engine/v2/systems/sys-far/Echo_1/state/level"));
        Assert.Equal("7", await response.Content.ReadAsStringAsync().WithTimeout("the level"));
    }

    [Fact]
    public async Task Arguments_of_the_wrong_type_are_400_with_code_1()
    {
        using var response = await ExecAsync("sys-far", "Echo_1", "add", """["x"]""");

        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, 1, "Argument 'a' of 'add' should be an integer, but got string \"x\".");
    }

    [Fact]
    public async Task An_unknown_method_is_400_with_code_1_listing_the_methods()
    {
        using var response = await ExecAsync("sys-far", "Echo_1", "explode", "[]");

        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, 1,
            "Module 'mod-echo-far' (Echo) has no method 'explode'. Its methods: echo, add, greeting, required, settings_change_count, set_value, admin_only, say, list_sensors.");
    }

    [Fact]
    public async Task A_driver_exception_is_502_with_code_3_and_the_drivers_message()
    {
        using var response = await ExecAsync("sys-far", "Echo_1", "required", """["missing"]""");

        await ProblemAssert.StartsWithAsync(response, HttpStatusCode.BadGateway, 3, "Module 'mod-echo-far' needs setting 'missing', but it is not set.");
    }

    [Fact]
    public async Task An_unknown_system_is_404_with_code_5()
    {
        using var response = await ExecAsync("sys-nope", "Echo_1", "add", "[1]");

        await ProblemAssert.IsAsync(response, HttpStatusCode.NotFound, 5, "System 'sys-nope' does not exist.");
    }

    [Fact]
    public async Task An_unknown_module_is_404_with_code_6()
    {
        using var response = await ExecAsync("sys-far", "Echo_2", "add", "[1]");

        await ProblemAssert.IsAsync(response, HttpStatusCode.NotFound, 6, "System 'sys-far' has no module Echo_2. Its modules: Echo_1.");
    }

    [Fact]
    public async Task A_malformed_json_body_is_400_with_code_0()
    {
        using var response = await ExecAsync("sys-far", "Echo_1", "add", "[1, ");

        await ProblemAssert.StartsWithAsync(response, HttpStatusCode.BadRequest, 0, "The request body is not valid JSON: ");
    }

    [Fact]
    public async Task An_admin_only_method_is_refused_to_a_user_with_403_and_code_2()
    {
        using var response = await ExecAsync("sys-l1", "Echo_1", "admin_only", "[]", RestTestHost.PanelKey);

        await ProblemAssert.IsAsync(response, HttpStatusCode.Forbidden, 2, "'admin_only' needs admin clearance; 'panel' has user.");
    }

    [Fact]
    public async Task An_admin_only_method_runs_for_an_admin()
    {
        Assert.Equal("\"secret\"", await ExecOkAsync("sys-l1", "Echo_1", "admin_only", "[]"));
    }

    [Fact]
    public async Task Exec_on_a_system_outside_the_callers_scope_is_403_with_code_2()
    {
        using var response = await ExecAsync("sys-far", "Echo_1", "echo", """["hi"]""", RestTestHost.PanelKey);

        await ProblemAssert.IsAsync(response, HttpStatusCode.Forbidden, 2, "'panel' may not access system 'sys-far'.");
    }

    private Task<HttpResponseMessage> ExecAsync(string system, string module, string method, string? body, string apiKey = RestTestHost.AdminKey) =>
        Host.SendAsync(RestTestHost.Post($"/api/engine/v2/systems/{system}/{module}/{method}", body, apiKey));

    private async Task<string> ExecOkAsync(string system, string module, string method, string? body)
    {
        using var response = await ExecAsync(system, module, method, body);
        var text = await response.Content.ReadAsStringAsync().WithTimeout($"the result of {method}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{method} gave {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return text;
    }
}
