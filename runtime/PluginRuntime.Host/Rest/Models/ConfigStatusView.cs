namespace PluginRuntime.Host.Rest.Models;

/// <summary>What config runs, and what is wrong with the last edit or with driver code.</summary>
/// <param name="Loaded">False until a config has validated; nothing runs before that.</param>
/// <param name="ConfigErrors">The last failed load's errors as <c>file:line:col: message</c>; empty once an edit validates.</param>
/// <param name="BearerTokens">Whether <c>auth.jwt_secret</c> is set, so bearer tokens are accepted.</param>
internal sealed record ConfigStatusView(
    bool Loaded,
    string Folder,
    string? Org,
    ConfigCounts Counts,
    IReadOnlyList<string> ConfigErrors,
    IReadOnlyDictionary<string, string> DriverErrors,
    bool BearerTokens);
