namespace PluginRuntime.Core.Config;

/// <summary>An API key and what it may reach.</summary>
/// <param name="SystemIds">Systems the key is limited to (together with <paramref name="ZoneIds"/>).</param>
/// <param name="ZoneIds">Zones whose systems the key may reach.</param>
internal sealed record ApiKeyConfig(
    string Name,
    string Key,
    ApiKeyRole Role,
    IReadOnlyList<string> SystemIds,
    IReadOnlyList<string> ZoneIds,
    SourceLocation Location)
{
    /// <summary>True when neither systems nor zones are listed: the key reaches every system.</summary>
    public bool AllSystems => SystemIds.Count == 0 && ZoneIds.Count == 0;

    // Records print every member by default; a key must never end up in a log line.
    public override string ToString() =>
        $"ApiKeyConfig {{ Name = {Name}, Key = ***, Role = {Role}, Systems = [{string.Join(", ", SystemIds)}], " +
        $"Zones = [{string.Join(", ", ZoneIds)}], Location = {Location} }}";
}
