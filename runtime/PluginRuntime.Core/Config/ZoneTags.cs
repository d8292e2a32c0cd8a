namespace PluginRuntime.Core.Config;

/// <summary>
/// Zone tags the runtime gives meaning to: they place a system's zones in the MQTT topic path
/// (<c>placeos/&lt;org&gt;/state/&lt;building&gt;/&lt;level&gt;/&lt;area&gt;/...</c>). Other tags are allowed and kept.
/// </summary>
internal static class ZoneTags
{
    public const string Org = "org";
    public const string Building = "building";
    public const string Level = "level";
    public const string Area = "area";
}
