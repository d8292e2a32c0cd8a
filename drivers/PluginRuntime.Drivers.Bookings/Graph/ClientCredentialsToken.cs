using System.Net.Http.Json;
using System.Text.Json;

namespace PluginRuntime.Drivers.Bookings.Graph;

/// <summary>
/// An app-only access token from the identity platform's client-credentials grant, reused until shortly before it
/// expires (on the module's clock) and fetched by one caller at a time.
/// </summary>
internal sealed class ClientCredentialsToken(HttpClient http, GraphSettings settings, TimeProvider time, JsonSerializerOptions json)
{
    // _fetch lets one caller at a time ask the token endpoint; _state guards the cached token.
    private readonly SemaphoreSlim _fetch = new(1, 1);
    private readonly Lock _state = new();
    private string? _token;
    private DateTimeOffset _renewAt;

    /// <summary>How many tokens were fetched (for status and tests).</summary>
    public int Fetched { get; private set; }

    /// <summary>A token valid for a while yet: the cached one, or a new one.</summary>
    public async Task<string> GetAsync(CancellationToken cancellationToken)
    {
        if (Valid() is { } cached)
        {
            return cached;
        }
        await _fetch.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return Valid() ?? await FetchAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _fetch.Release();
        }
    }

    /// <summary>Forgets <paramref name="rejected"/> (Graph answered 401), so the next call fetches a new token.</summary>
    public void Reject(string rejected)
    {
        lock (_state)
        {
            if (_token == rejected)
            {
                _token = null;
            }
        }
    }

    private string? Valid()
    {
        lock (_state)
        {
            return _token is not null && time.GetUtcNow() < _renewAt ? _token : null;
        }
    }

    private async Task<string> FetchAsync(CancellationToken cancellationToken)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = settings.ClientId,
            ["client_secret"] = settings.ClientSecret,
            ["scope"] = "https://graph.microsoft.com/.default",
            ["grant_type"] = "client_credentials",
        });
        using var response = await http.PostAsync(settings.TokenEndpoint, form, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await GraphErrors.FromTokenResponseAsync(response, cancellationToken).ConfigureAwait(false);
        }
        var token = await response.Content.ReadFromJsonAsync<TokenResponse>(json, cancellationToken).ConfigureAwait(false);
        if (token?.AccessToken is not { Length: > 0 } accessToken || token.ExpiresIn <= 0)
        {
            throw new GraphException($"The token endpoint {settings.TokenEndpoint} answered without an access_token and expires_in.", (int)response.StatusCode, null);
        }
        // Renew a minute early (or half-way, for short-lived tokens) so a request never leaves with a token that
        // expires on its way.
        var lifetime = TimeSpan.FromSeconds(token.ExpiresIn);
        var margin = TimeSpan.FromSeconds(Math.Min(60, token.ExpiresIn / 2.0));
        lock (_state)
        {
            _token = accessToken;
            _renewAt = time.GetUtcNow() + lifetime - margin;
            Fetched++;
        }
        return accessToken;
    }
}
