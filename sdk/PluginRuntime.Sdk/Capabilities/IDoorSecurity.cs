namespace PluginRuntime.Sdk.Capabilities;

/// <summary>A driver that controls doors (an access control panel, a door controller).</summary>
/// <remarks>
/// Implemented as public methods, so callers reach them by exec as <c>list_doors</c> and <c>unlock</c> as well as
/// through <c>System.Implementing&lt;IDoorSecurity&gt;()</c>.
/// </remarks>
public interface IDoorSecurity
{
    /// <summary>The doors this module knows of, with their latest state.</summary>
    IReadOnlyList<DoorState> ListDoors();

    /// <summary>
    /// Unlocks a door for its default time (a momentary unlock, as for a visitor), resolving when the controller
    /// confirmed it and failing with the controller's error otherwise.
    /// </summary>
    Task Unlock(string doorId, CancellationToken cancellationToken);
}
