namespace PluginRuntime.Core.Config;

/// <summary>Token authentication settings.</summary>
/// <param name="JwtSecret">HMAC secret for bearer tokens (at least 32 characters), or null when tokens are off.</param>
internal sealed record AuthConfig(string? JwtSecret, SourceLocation Location)
{
    // Keep the secret out of logs and exception messages.
    public override string ToString() =>
        $"AuthConfig {{ JwtSecret = {(JwtSecret is null ? "(none)" : "***")}, Location = {Location} }}";
}
