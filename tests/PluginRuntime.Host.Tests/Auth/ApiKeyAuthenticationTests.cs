using Microsoft.Extensions.Logging;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PluginRuntime.Host.Tests.Support;

namespace PluginRuntime.Host.Tests.Auth;

/// <summary>API keys in each place PlaceOS clients send them, and the refusals when they are missing or wrong.</summary>
[Collection(RestHostCollection.Name)]
public sealed class ApiKeyAuthenticationTests(RestHostFixture fixture)
{
    private RestTestHost Host => fixture.Host;

    [Fact]
    public async Task An_api_key_in_the_X_API_Key_header_is_accepted()
    {
        using var response = await Host.SendAsync(RestTestHost.Get("/api/engine/v2/systems", RestTestHost.AdminKey));

        await AssertSeesAllSystemsAsync(response);
    }

    [Fact]
    public async Task An_api_key_in_the_api_key_query_parameter_is_accepted()
    {
        using var response = await Host.SendAsync(RestTestHost.Get($"/api/engine/v2/systems?api-key={RestTestHost.AdminKey}", apiKey: null));

        await AssertSeesAllSystemsAsync(response);
    }

    [Fact]
    public async Task An_api_key_in_the_api_key_cookie_is_accepted()
    {
        var request = RestTestHost.Get("/api/engine/v2/systems", apiKey: null);
        request.Headers.Add("Cookie", $"api-key={RestTestHost.AdminKey}");

        using var response = await Host.SendAsync(request);

        await AssertSeesAllSystemsAsync(response);
    }

    [Fact]
    public async Task A_request_without_credentials_gets_401_saying_what_to_send()
    {
        using var response = await Host.SendAsync(RestTestHost.Get("/api/engine/v2/systems", apiKey: null));

        await ProblemAssert.IsAsync(response, HttpStatusCode.Unauthorized, 2, "no credentials: send X-API-Key or a bearer token");
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task An_unknown_api_key_gets_401_and_the_key_is_neither_echoed_nor_logged()
    {
        const string wrong = "not-a-configured-key-42";

        using var response = await Host.SendAsync(RestTestHost.Get("/api/engine/v2/systems", wrong));

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.Unauthorized, 2, "API key not recognised (sent in the X-API-Key header)");
        Assert.DoesNotContain(wrong, problem.GetRawText());
        // Information, not Warning: anyone can send these, and the log must not flood with warnings.
        Assert.Contains(Host.Log.Entries, e => e.Level == LogLevel.Information && e.Message.Contains("API key not recognised (sent in the X-API-Key header)", StringComparison.Ordinal));
        Assert.DoesNotContain(Host.Log.Warnings, w => w.Contains("API key not recognised", StringComparison.Ordinal));
        Assert.DoesNotContain(Host.Log.Entries, e => e.Message.Contains(wrong, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_basic_authorization_header_is_refused_with_the_expected_form()
    {
        var request = RestTestHost.Get("/api/engine/v2/systems", apiKey: null);
        request.Headers.Add("Authorization", "Basic YWxpY2U6c2VjcmV0");

        using var response = await Host.SendAsync(request);

        await ProblemAssert.IsAsync(response, HttpStatusCode.Unauthorized, 2, "the Authorization header must be `Bearer <token>`, not the 'Basic' scheme (only the first credential found is checked, so fix or remove this header even if the query or a cookie also carries a credential)");
    }

    [Fact]
    public async Task A_header_key_wins_over_a_stale_cookie()
    {
        var request = RestTestHost.Get("/api/engine/v2/systems", RestTestHost.AdminKey);
        request.Headers.Add("Cookie", "api-key=an-old-key-from-last-week");

        using var response = await Host.SendAsync(request);

        await AssertSeesAllSystemsAsync(response);
    }

    private static async Task AssertSeesAllSystemsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var systems = await response.Content.ReadFromJsonAsync<JsonElement>().WithTimeout("the systems list");
        Assert.Equal(["sys-l1", "sys-l2", "sys-far"], systems.EnumerateArray().Select(s => s.GetProperty("id").GetString()));
    }
}
