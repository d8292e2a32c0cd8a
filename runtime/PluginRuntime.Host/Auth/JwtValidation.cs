namespace PluginRuntime.Host.Auth;

/// <summary>A checked bearer token: the user it names, or why it was refused.</summary>
internal sealed record JwtValidation(string? Subject, string? Failure, DateTimeOffset? Expires = null)
{
    public static JwtValidation Valid(string subject, DateTimeOffset expires) => new(subject, null, expires);

    public static JwtValidation Invalid(string why) => new(null, why);
}
