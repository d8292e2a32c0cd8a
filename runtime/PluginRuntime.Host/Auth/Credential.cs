namespace PluginRuntime.Host.Auth;

/// <summary>A credential found in a request, and where (for messages: "API key from the api-key cookie ...").</summary>
internal sealed record Credential(CredentialKind Kind, string Value, string Source)
{
    /// <summary>
    /// Whether it came from a cookie. A browser attaches cookies to requests any page makes (cross-site form posts,
    /// websocket upgrades), so a cookie alone doesn't show that the operator's own page sent the request.
    /// </summary>
    public bool FromCookie { get; init; }

    // Records print every member by default; the value is a secret and must never reach a log line.
    public override string ToString() => $"Credential {{ Kind = {Kind}, Value = ***, Source = {Source}, FromCookie = {FromCookie} }}";
}
