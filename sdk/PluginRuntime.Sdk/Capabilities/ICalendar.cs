namespace PluginRuntime.Sdk.Capabilities;

/// <summary>
/// A calendar of one room or resource (a local file, a Microsoft 365 room mailbox…). Other modules find one with
/// <c>System.Implementing&lt;ICalendar&gt;()</c> and call it through exec, so these methods' wire names and
/// arguments are the contract: <c>list_events(from, to)</c>, <c>create_event(title, start, end, host, attendees,
/// private)</c>, <c>delete_event(id)</c>. Times travel as ISO 8601 strings with an offset.
/// </summary>
/// <remarks>
/// The method names carry no <c>Async</c> suffix on purpose: the runtime turns them into the wire names above.
/// </remarks>
public interface ICalendar
{
    /// <summary>The events overlapping [<paramref name="from"/>, <paramref name="to"/>), sorted by start.</summary>
    Task<IReadOnlyList<CalendarEvent>> ListEvents(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default);

    /// <summary>Creates an event and returns it as stored (with the calendar's id).</summary>
    /// <param name="title">The subject.</param>
    /// <param name="start">When it starts.</param>
    /// <param name="end">When it ends; must be after <paramref name="start"/>.</param>
    /// <param name="host">The organiser, or null for the calendar's own mailbox.</param>
    /// <param name="attendees">Attendee emails, or null for none.</param>
    /// <param name="private">Mark the event private.</param>
    /// <param name="cancellationToken">Cancelled when the call is abandoned.</param>
    Task<CalendarEvent> CreateEvent(
        string title, DateTimeOffset start, DateTimeOffset end, string? host = null,
        IReadOnlyList<string>? attendees = null, bool @private = false, CancellationToken cancellationToken = default);

    /// <summary>Deletes (cancels) an event. Deleting an event that no longer exists is an error naming the id.</summary>
    Task DeleteEvent(string id, CancellationToken cancellationToken = default);
}
