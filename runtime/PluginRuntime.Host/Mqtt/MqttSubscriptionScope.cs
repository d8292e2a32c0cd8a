using PluginRuntime.Core.Engine;
using PluginRuntime.Core.Exec;

namespace PluginRuntime.Host.Mqtt;

/// <summary>
/// Which topic filters a caller may subscribe to. A caller with access to every system may subscribe to anything.
/// A caller scoped to some systems may only subscribe to state filters whose system level names one of its systems
/// (<c>placeos/org/state/+/+/+/sys-1/#</c>), and to metadata of a single id that is not a system outside its scope:
/// a wildcard there would reach systems it may not see.
/// </summary>
internal static class MqttSubscriptionScope
{
    private const int SystemLevel = 6; // placeos/<org>/state/<bld>/<lvl>/<area>/<sys>/...

    public static bool Allows(Caller? caller, string filter, RuntimeEngine engine)
    {
        if (caller is null)
        {
            return false;
        }
        if (caller.MayAccessSystem is null)
        {
            return true;
        }
        var levels = filter.Split('/');
        if (levels.Length > 2 && levels[0] == "$share")
        {
            levels = levels[2..]; // $share/<group>/<filter>
        }
        if (levels.Length < 4 || levels[0] != "placeos" || IsWildcard(levels[2]))
        {
            return false;
        }
        return levels[2] switch
        {
            "state" => levels.Length > SystemLevel
                && levels.Take(SystemLevel).All(l => l != "#")
                && !IsWildcard(levels[SystemLevel])
                && caller.CanAccess(levels[SystemLevel]),
            "metadata" => levels.Length == 4 && !IsWildcard(levels[3])
                && (!engine.Directory.TryGetSystem(levels[3], out _) || caller.CanAccess(levels[3])),
            _ => false,
        };
    }

    private static bool IsWildcard(string level) => level is "+" or "#";
}
