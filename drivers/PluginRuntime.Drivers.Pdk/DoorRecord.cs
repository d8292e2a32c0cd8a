namespace PluginRuntime.Drivers.Pdk;

/// <summary>
/// One door's state as the panel reported it; written as the <c>door_&lt;id&gt;</c> status. Null means "not reported
/// yet": the Streaming API has no query, so state is known only from events since the driver connected.
/// </summary>
internal sealed class DoorRecord(int id)
{
    public int Id { get; } = id;

    public string? Name { get; set; }

    /// <summary>From the door position sensor (door.input.dps.opened / closed).</summary>
    public bool? Open { get; set; }

    /// <summary>The lock relay (door.input.relay.on / off): on = unlocked.</summary>
    public bool? Relay { get; set; }

    /// <summary>The request-to-exit sensor (door.input.rex.on / off).</summary>
    public bool? Rex { get; set; }

    public bool ForcedAlarm { get; set; }

    public bool ProppedAlarm { get; set; }

    /// <summary>The force close feature (door.forceclose.on / off).</summary>
    public bool? ForceClose { get; set; }

    /// <summary>
    /// Do not disturb. The Streaming API emits no event for it, so it is toggled when this driver's
    /// <c>toggle_dnd</c> command succeeds; null until then.
    /// </summary>
    public bool? Dnd { get; set; }

    public AccessRecord? LastAccess { get; set; }

    public string? LastEvent { get; set; }

    public DoorRecord Snapshot() => (DoorRecord)MemberwiseClone();
}

/// <summary>An access request at a door (door.request.allowed / denied / unknown): the <c>last_access</c> status.</summary>
internal sealed record AccessRecord(
    string? Id,
    int DoorId,
    string? DoorName,
    string Result,
    int? PersonId,
    string? PersonName,
    string? RequestFactor,
    string? Occurred);

/// <summary>A wireless endpoint from endpoint.discovered, with its signal from endpoint.signal.</summary>
internal sealed record EndpointRecord(
    int IoLinkId,
    string Address,
    string? Type,
    string? Name,
    IReadOnlyList<int> Doors,
    double? DbGain);

/// <summary>The <c>last_event</c> status: what the panel emitted last.</summary>
internal sealed record EventSummary(string Topic, string? Id, int? DoorId, string? Occurred);
