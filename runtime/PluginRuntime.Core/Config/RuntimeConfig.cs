using System.Collections.Frozen;
using System.Collections.Immutable;

namespace PluginRuntime.Core.Config;

/// <summary>
/// A validated configuration: every id unique, every reference resolvable, zone parents acyclic. Lists keep
/// declaration order (files by name, then position); the dictionaries look entries up by id.
/// </summary>
/// <remarks>
/// A class rather than a record: the lookups are derived from the lists, and a <c>with</c> expression on a
/// record would copy them stale. Comparing two configs is the diff's job, not <c>Equals</c>'s.
/// </remarks>
internal sealed class RuntimeConfig
{
    public RuntimeConfig(
        OrgConfig org,
        IEnumerable<ZoneConfig> zones,
        IEnumerable<DriverConfig> drivers,
        IEnumerable<ModuleConfig> modules,
        IEnumerable<SystemConfig> systems,
        IEnumerable<ApiKeyConfig> apiKeys,
        AuthConfig? auth,
        IEnumerable<UserConfig>? users = null)
    {
        ArgumentNullException.ThrowIfNull(org);
        Org = org;
        Zones = [.. zones];
        Drivers = [.. drivers];
        Modules = [.. modules];
        Systems = [.. systems];
        ApiKeys = [.. apiKeys];
        Auth = auth;
        Users = [.. users ?? []];
        // ToFrozenDictionary throws on a duplicate key, which is what we want: the loader rules duplicates out,
        // so one here is a bug in whoever built the config by hand.
        ZonesById = Zones.ToFrozenDictionary(z => z.Id, StringComparer.Ordinal);
        DriversById = Drivers.ToFrozenDictionary(d => d.Id, StringComparer.Ordinal);
        ModulesById = Modules.ToFrozenDictionary(m => m.Id, StringComparer.Ordinal);
        SystemsById = Systems.ToFrozenDictionary(s => s.Id, StringComparer.Ordinal);
        ApiKeysByName = ApiKeys.ToFrozenDictionary(k => k.Name, StringComparer.Ordinal);
        UsersByName = Users.ToFrozenDictionary(u => u.Name, StringComparer.Ordinal);
    }

    public OrgConfig Org { get; }

    public ImmutableArray<ZoneConfig> Zones { get; }

    public ImmutableArray<DriverConfig> Drivers { get; }

    public ImmutableArray<ModuleConfig> Modules { get; }

    public ImmutableArray<SystemConfig> Systems { get; }

    public ImmutableArray<ApiKeyConfig> ApiKeys { get; }

    /// <summary>People who sign in with bearer tokens (named by the token's <c>sub</c>).</summary>
    public ImmutableArray<UserConfig> Users { get; }

    /// <summary>Null when no file has an <c>auth:</c> section.</summary>
    public AuthConfig? Auth { get; }

    public IReadOnlyDictionary<string, ZoneConfig> ZonesById { get; }

    public IReadOnlyDictionary<string, DriverConfig> DriversById { get; }

    public IReadOnlyDictionary<string, ModuleConfig> ModulesById { get; }

    public IReadOnlyDictionary<string, SystemConfig> SystemsById { get; }

    public IReadOnlyDictionary<string, ApiKeyConfig> ApiKeysByName { get; }

    public IReadOnlyDictionary<string, UserConfig> UsersByName { get; }

    // Init-only rather than constructor parameters: sections added later default sensibly for configs built by hand.

    /// <summary>Where state is published; <see cref="MqttConfig.Default"/> when no file has an <c>mqtt:</c> section.</summary>
    public MqttConfig Mqtt { get; init; } = MqttConfig.Default;

    /// <summary>Privacy filters in declaration order; the loader checked their names are unique.</summary>
    public ImmutableArray<PrivacyFilterConfig> PrivacyFilters { get; init; } = [];

    /// <summary>Helper processes started and kept running with the runtime (<c>sidecars:</c>).</summary>
    public ImmutableArray<SidecarConfig> Sidecars { get; init; } = [];
}
