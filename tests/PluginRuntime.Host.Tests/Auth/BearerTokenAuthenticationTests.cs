using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PluginRuntime.Host.Tests.Support;

namespace PluginRuntime.Host.Tests.Auth;

/// <summary>HS256 bearer tokens naming configured users, in each place they are accepted, and every kind of bad token.</summary>
[Collection(RestHostCollection.Name)]
public sealed class BearerTokenAuthenticationTests(RestHostFixture fixture)
{
    private RestTestHost Host => fixture.Host;

    [Fact]
    public async Task A_token_in_the_authorization_header_is_accepted()
    {
        var request = RestTestHost.WithBearer(RestTestHost.Get("/api/engine/v2/systems", apiKey: null), RootToken());

        using var response = await Host.SendAsync(request);

        Assert.Equal(["sys-l1", "sys-l2", "sys-far"], await SystemIdsAsync(response));
    }

    [Fact]
    public async Task A_token_in_the_bearer_token_query_parameter_is_accepted()
    {
        using var response = await Host.SendAsync(RestTestHost.Get($"/api/engine/v2/systems?bearer_token={RootToken()}", apiKey: null));

        Assert.Equal(["sys-l1", "sys-l2", "sys-far"], await SystemIdsAsync(response));
    }

    [Fact]
    public async Task A_token_in_the_bearer_token_cookie_is_accepted()
    {
        var request = RestTestHost.Get("/api/engine/v2/systems", apiKey: null);
        request.Headers.Add("Cookie", $"bearer_token={RootToken()}");

        using var response = await Host.SendAsync(request);

        Assert.Equal(["sys-l1", "sys-l2", "sys-far"], await SystemIdsAsync(response));
    }

    [Fact]
    public async Task A_token_signed_with_another_secret_is_refused()
    {
        var forged = JwtTestTokens.Hs256("some-other-secret-0123456789abcdef", "root");

        await ExpectRefusedAsync(forged, "token signature invalid");
    }

    [Fact]
    public async Task A_token_whose_payload_was_altered_after_signing_is_refused()
    {
        var alice = JwtTestTokens.Hs256(RestTestHost.JwtSecret, "alice").Split('.');
        var root = JwtTestTokens.Hs256(RestTestHost.JwtSecret, "root").Split('.');

        await ExpectRefusedAsync($"{alice[0]}.{root[1]}.{alice[2]}", "token signature invalid");
    }

    [Fact]
    public async Task An_expired_token_is_refused_with_when_it_expired()
    {
        long expired = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeSeconds();
        var at = DateTimeOffset.FromUnixTimeSeconds(expired).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

        await ExpectRefusedAsync(JwtTestTokens.Hs256(RestTestHost.JwtSecret, "root", expires: expired), $"token expired at {at}");
    }

    [Fact]
    public async Task A_token_used_before_its_not_before_time_is_refused()
    {
        long later = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
        var at = DateTimeOffset.FromUnixTimeSeconds(later).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

        await ExpectRefusedAsync(JwtTestTokens.Hs256(RestTestHost.JwtSecret, "root", notBefore: later), $"token is not valid before {at}");
    }

    [Fact]
    public async Task A_token_just_past_its_expiry_or_just_before_its_start_is_accepted_within_the_clock_skew()
    {
        // 10 s either side is well inside the 30 s skew, and far more than this test takes.
        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var justExpired = JwtTestTokens.Hs256(RestTestHost.JwtSecret, "root", expires: now - 10);
        var justStarting = JwtTestTokens.Hs256(RestTestHost.JwtSecret, "root", notBefore: now + 10);

        using var expired = await Host.SendAsync(RestTestHost.WithBearer(RestTestHost.Get("/api/engine/v2/systems", apiKey: null), justExpired));
        using var starting = await Host.SendAsync(RestTestHost.WithBearer(RestTestHost.Get("/api/engine/v2/systems", apiKey: null), justStarting));

        Assert.Equal(HttpStatusCode.OK, expired.StatusCode);
        Assert.Equal(HttpStatusCode.OK, starting.StatusCode);
    }

    [Fact]
    public async Task An_unsigned_alg_none_token_is_refused()
    {
        await ExpectRefusedAsync(JwtTestTokens.Unsigned("root"), "token algorithm 'none' is not accepted; sign tokens with HS256");
    }

    [Fact]
    public async Task A_token_with_another_algorithm_is_refused_even_when_signed_with_the_secret()
    {
        var token = JwtTestTokens.Signed(RestTestHost.JwtSecret, new { alg = "HS512" }, new { sub = "root", exp = JwtTestTokens.InOneHour });

        await ExpectRefusedAsync(token, "token algorithm 'HS512' is not accepted; sign tokens with HS256");
    }

    [Fact]
    public async Task A_token_without_an_expiry_is_refused()
    {
        var token = JwtTestTokens.Signed(RestTestHost.JwtSecret, new { alg = "HS256" }, new { sub = "root" });

        await ExpectRefusedAsync(token, "token has no exp claim (seconds since 1970); issue tokens that expire");
    }

    [Fact]
    public async Task A_token_for_a_user_not_in_the_config_is_refused()
    {
        await ExpectRefusedAsync(JwtTestTokens.Hs256(RestTestHost.JwtSecret, "mallory"),
            "token subject 'mallory' is not a configured user; add it under 'users:'");
    }

    [Fact]
    public async Task Something_that_is_not_a_jwt_is_refused()
    {
        await ExpectRefusedAsync("definitely-not-a-token", "bearer token is not a JWT (expected header.payload.signature)");
    }

    [Fact]
    public async Task A_scoped_user_sees_only_the_systems_under_their_zone()
    {
        var request = RestTestHost.WithBearer(RestTestHost.Get("/api/engine/v2/systems", apiKey: null),
            JwtTestTokens.Hs256(RestTestHost.JwtSecret, "alice"));

        using var response = await Host.SendAsync(request);

        Assert.Equal(["sys-l2"], await SystemIdsAsync(response));
    }

    private static string RootToken() => JwtTestTokens.Hs256(RestTestHost.JwtSecret, "root");

    private async Task ExpectRefusedAsync(string token, string detail)
    {
        var request = RestTestHost.WithBearer(RestTestHost.Get("/api/engine/v2/systems", apiKey: null), token);

        using var response = await Host.SendAsync(request);

        await ProblemAssert.IsAsync(response, HttpStatusCode.Unauthorized, 2, detail);
    }

    private static async Task<string[]> SystemIdsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var systems = await response.Content.ReadFromJsonAsync<JsonElement>().WithTimeout("the systems list");
        return [.. systems.EnumerateArray().Select(s => s.GetProperty("id").GetString()!)];
    }
}
