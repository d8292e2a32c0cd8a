using System.Buffers.Text;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using PluginRuntime.Host.Tests.Support;

namespace PluginRuntime.Host.Tests.Rest;

/// <summary>
/// REST under a hostile client: '_' modules need support as on the websocket, exec takes only declared JSON of
/// bounded size, module places stay in scope, and malformed tokens are 401s, never 500s.
/// </summary>
public sealed class RestHardeningTests : IAsyncLifetime
{
    /// <summary>The default config plus an internal module _Secret in sys-l1, and mod-echo-l1 also listed in sys-far.</summary>
    private static readonly string Config = RestTestHost.DefaultConfig
        .Replace("  - { id: mod-echo-far, driver: echo }\n", "  - { id: mod-echo-far, driver: echo }\n  - { id: mod-secret, driver: echo, name: _Secret }\n")
        .Replace("modules: [mod-echo-l1, mod-speaker-l1] }", "modules: [mod-echo-l1, mod-speaker-l1, mod-secret] }")
        .Replace("modules: [mod-echo-far] }", "modules: [mod-echo-far, mod-echo-l1] }");

    private RestTestHost _host = null!;

    public async Task InitializeAsync() => _host = await RestTestHost.StartAsync(Config);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData("/api/engine/v2/systems/sys-l1/_Secret_1/state")]
    [InlineData("/api/engine/v2/systems/sys-l1/_Secret/state/greeting")]
    [InlineData("/api/engine/v2/systems/sys-l1/_Secret/interface")]
    [InlineData("/api/engine/v2/modules/mod-secret/state")]
    public async Task An_internal_modules_data_needs_support_clearance(string path)
    {
        using var user = await _host.SendAsync(RestTestHost.Get(path, RestTestHost.PanelKey));
        await ProblemAssert.IsAsync(user, HttpStatusCode.Forbidden, 2, "Module '_Secret' is internal ('_' prefix) and needs support clearance.");

        using var support = await _host.SendAsync(RestTestHost.Get(path, RestTestHost.BuildingKey));
        Assert.Equal(HttpStatusCode.OK, support.StatusCode);
    }

    [Fact]
    public async Task A_modules_places_outside_the_callers_scope_are_left_out()
    {
        using var panel = await _host.SendAsync(RestTestHost.Get("/api/engine/v2/modules/mod-echo-l1", RestTestHost.PanelKey));
        using var admin = await _host.SendAsync(RestTestHost.Get("/api/engine/v2/modules/mod-echo-l1"));

        Assert.Equal("""[{"system_id":"sys-l1","address":"Echo_1"}]""", await SystemsOf(panel));
        Assert.Equal("""[{"system_id":"sys-l1","address":"Echo_1"},{"system_id":"sys-far","address":"Echo_2"}]""", await SystemsOf(admin));
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task An_exec_body_not_declared_as_json_is_415_with_code_1(string contentType)
    {
        var request = RestTestHost.Post("/api/engine/v2/systems/sys-l1/Echo_1/echo", null);
        request.Content = new StringContent("""["hi"]""", new MediaTypeHeaderValue(contentType));

        using var response = await _host.SendAsync(request);

        await ProblemAssert.IsAsync(response, HttpStatusCode.UnsupportedMediaType, 1,
            $"The request body must be sent with Content-Type: application/json (it was '{contentType}').");
    }

    [Fact]
    public async Task A_cross_site_style_form_post_with_the_cookie_is_refused_even_without_a_body()
    {
        var request = RestTestHost.Post("/api/engine/v2/systems/sys-l1/Echo_1/echo", null, apiKey: null);
        request.Headers.Add("Cookie", $"api-key={RestTestHost.AdminKey}");
        request.Content = new StringContent("", new MediaTypeHeaderValue("text/plain"));

        using var response = await _host.SendAsync(request);

        await ProblemAssert.StartsWithAsync(response, HttpStatusCode.UnsupportedMediaType, 1,
            "With a cookie credential, exec needs Content-Type: application/json even without a body (it was 'text/plain");
    }

    [Fact]
    public async Task A_json_exec_with_the_cookie_works()
    {
        var request = RestTestHost.Post("/api/engine/v2/systems/sys-l1/Echo_1/echo", """["hi"]""", apiKey: null);
        request.Headers.Add("Cookie", $"api-key={RestTestHost.AdminKey}");

        using var response = await _host.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task An_exec_body_over_one_mebibyte_is_413_with_code_1()
    {
        string big = "[\"" + new string('x', 1024 * 1024) + "\"]";

        using var response = await _host.SendAsync(RestTestHost.Post("/api/engine/v2/systems/sys-l1/Echo_1/echo", big));

        await ProblemAssert.StartsWithAsync(response, HttpStatusCode.RequestEntityTooLarge, 1, "The request body is ");
    }

    [Fact]
    public async Task A_token_whose_alg_is_an_escaped_lone_surrogate_is_401_not_500()
    {
        string header = Base64Url.EncodeToString(Encoding.UTF8.GetBytes("""{"alg":"\ud800"}"""));
        var request = RestTestHost.WithBearer(RestTestHost.Get("/api/engine/v2/systems", apiKey: null), header + ".e30.x");

        using var response = await _host.SendAsync(request);

        await ProblemAssert.IsAsync(response, HttpStatusCode.Unauthorized, 2, "token algorithm '(not valid text)' is not accepted; sign tokens with HS256");
    }

    [Fact]
    public async Task A_token_with_an_escaped_lone_surrogate_in_a_header_name_is_401_not_500()
    {
        string header = Base64Url.EncodeToString(Encoding.UTF8.GetBytes("""{"\udc00":1,"alg":"HS256"}"""));
        var request = RestTestHost.WithBearer(RestTestHost.Get("/api/engine/v2/systems", apiKey: null), header + ".e30.x");

        using var response = await _host.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_token_expiring_in_year_9999_is_accepted_not_a_500()
    {
        var token = JwtTestTokens.Hs256(RestTestHost.JwtSecret, "root", expires: DateTimeOffset.MaxValue.ToUnixTimeSeconds());

        using var response = await _host.SendAsync(RestTestHost.WithBearer(RestTestHost.Get("/api/engine/v2/systems", apiKey: null), token));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<string> SystemsOf(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var module = JsonDocument.Parse(await response.Content.ReadAsStringAsync().WithTimeout("the module")).RootElement;
        return module.GetProperty("systems").GetRawText();
    }
}
