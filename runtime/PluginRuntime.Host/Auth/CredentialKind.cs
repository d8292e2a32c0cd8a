namespace PluginRuntime.Host.Auth;

/// <summary>The two kinds of credential a request may carry.</summary>
internal enum CredentialKind
{
    ApiKey,
    BearerToken,
}
