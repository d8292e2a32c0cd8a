namespace PluginRuntime.Host.Auth;

/// <summary>
/// Finds the credential in a request, in the places PlaceOS clients send them: <c>X-API-Key</c> header,
/// <c>Authorization: Bearer</c> header, <c>api-key</c> / <c>bearer_token</c> query parameters, then cookies.
/// </summary>
internal static class CredentialReader
{
    public const string ApiKeyHeader = "X-API-Key";
    public const string ApiKeyParameter = "api-key";
    public const string BearerParameter = "bearer_token";

    /// <summary>
    /// The first credential in precedence order: headers, then query, then cookies. Headers are set per request on
    /// purpose, while a cookie is ambient and may be a stale one from an earlier session, so it counts last. Only
    /// the first is checked: falling back to the next on failure would let a wrong key hide behind a good cookie.
    /// </summary>
    /// <returns>The credential, or null with <paramref name="problem"/> set when a header is malformed, or null
    /// and no problem when the request carries none.</returns>
    public static Credential? Read(HttpRequest request, out string? problem)
    {
        problem = null;
        if (NonEmpty(request.Headers[ApiKeyHeader]) is { } headerKey)
        {
            return new Credential(CredentialKind.ApiKey, headerKey, $"the {ApiKeyHeader} header");
        }
        if (NonEmpty(request.Headers.Authorization) is { } authorization)
        {
            const string scheme = "Bearer ";
            if (authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) && authorization.Length > scheme.Length)
            {
                return new Credential(CredentialKind.BearerToken, authorization[scheme.Length..].Trim(), "the Authorization header");
            }
            // Say which scheme was seen (not its value): "Basic" is a common mistake with a clear fix.
            var seen = SafeText.Printable(authorization.Split(' ', 2)[0]);
            // Only the first credential counts (see above), so say so: a good key elsewhere won't rescue this request.
            problem = $"the Authorization header must be `Bearer <token>`, not the '{seen}' scheme (only the first credential " +
                      "found is checked, so fix or remove this header even if the query or a cookie also carries a credential)";
            return null;
        }
        if (NonEmpty(request.Query[ApiKeyParameter]) is { } queryKey)
        {
            return new Credential(CredentialKind.ApiKey, queryKey, $"the {ApiKeyParameter} query parameter");
        }
        if (NonEmpty(request.Query[BearerParameter]) is { } queryToken)
        {
            return new Credential(CredentialKind.BearerToken, queryToken, $"the {BearerParameter} query parameter");
        }
        if (NonEmpty(request.Cookies[ApiKeyParameter]) is { } cookieKey)
        {
            return new Credential(CredentialKind.ApiKey, cookieKey, $"the {ApiKeyParameter} cookie") { FromCookie = true };
        }
        if (NonEmpty(request.Cookies[BearerParameter]) is { } cookieToken)
        {
            return new Credential(CredentialKind.BearerToken, cookieToken, $"the {BearerParameter} cookie") { FromCookie = true };
        }
        return null;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
