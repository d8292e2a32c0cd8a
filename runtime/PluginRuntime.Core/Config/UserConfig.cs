namespace PluginRuntime.Core.Config;

/// <summary>A person who signs in with a bearer token whose <c>sub</c> claim is <see cref="Name"/>.</summary>
/// <remarks>Users hold no secret of their own: the token's HS256 signature (with <c>auth.jwt_secret</c>) proves them.</remarks>
/// <param name="SystemIds">Systems the user is limited to (together with <paramref name="ZoneIds"/>).</param>
/// <param name="ZoneIds">Zones whose systems (and whose descendant zones' systems) the user may reach.</param>
internal sealed record UserConfig(
    string Name,
    ApiKeyRole Role,
    IReadOnlyList<string> SystemIds,
    IReadOnlyList<string> ZoneIds,
    SourceLocation Location)
{
    /// <summary>True when neither systems nor zones are listed: the user reaches every system.</summary>
    public bool AllSystems => SystemIds.Count == 0 && ZoneIds.Count == 0;
}
