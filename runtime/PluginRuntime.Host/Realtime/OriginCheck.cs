namespace PluginRuntime.Host.Realtime;

/// <summary>
/// Whether a websocket upgrade may use a cookie credential. Browsers attach cookies to websocket upgrades from any
/// page and CORS doesn't apply to websockets, so without this check any web page the operator visits could drive the
/// runtime with the operator's cookie. A browser always sends <c>Origin</c> on an upgrade; other clients usually
/// don't, and they can't be tricked into sending someone else's cookie.
/// </summary>
internal static class OriginCheck
{
    /// <summary>
    /// True when the request has no Origin, or its Origin is this host (same host and port as the Host header), or
    /// is in <paramref name="allowed"/> (exact origins such as <c>https://panel.example.com</c>).
    /// </summary>
    public static bool IsAllowed(HttpRequest request, IReadOnlyCollection<string> allowed, out string origin)
    {
        origin = request.Headers.Origin.ToString();
        if (string.IsNullOrEmpty(origin))
        {
            return true;
        }
        string trimmed = origin.TrimEnd('/');
        if (allowed.Any(a => string.Equals(a.TrimEnd('/'), trimmed, StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }
        // "null" (sandboxed frames, file: pages) and anything unparsable is never this host.
        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || !request.Host.HasValue)
        {
            return false;
        }
        // Host and port only, not the scheme: behind a TLS-terminating proxy the page is https while this request is
        // http, but the proxy passes the Host header through, so the two still name the same place.
        var host = request.Host;
        if (!string.Equals(uri.Host, host.Host.Trim('[', ']'), StringComparison.OrdinalIgnoreCase)
            && !string.Equals(uri.Host, host.Host, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        return host.Port is { } port ? uri.Port == port : uri.IsDefaultPort;
    }
}
