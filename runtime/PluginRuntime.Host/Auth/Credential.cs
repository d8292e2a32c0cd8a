namespace PluginRuntime.Host.Auth;

/// <summary>A credential found in a request, and where (for messages: "API key from the api-key cookie ...").</summary>
internal sealed record Credential(CredentialKind Kind, string Value, string Source)
{
    // Records print every member by default; the value is a secret and must never reach a log line.
    public override string ToString() => $"Credential {{ Kind = {Kind}, Value = ***, Source = {Source} }}";
}
