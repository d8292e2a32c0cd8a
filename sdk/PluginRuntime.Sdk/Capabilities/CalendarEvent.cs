namespace PluginRuntime.Sdk.Capabilities;

/// <summary>One event (a booking) in a calendar, as <see cref="ICalendar"/> drivers exchange it over exec.</summary>
/// <param name="Id">The calendar's id for the event; what <see cref="ICalendar.DeleteEvent"/> takes.</param>
/// <param name="Title">The subject. A private event's title may be withheld by the calendar.</param>
/// <param name="Start">When it starts.</param>
/// <param name="End">When it ends (after <paramref name="Start"/>).</param>
/// <param name="Host">The organiser's email or name, or null when the calendar doesn't say.</param>
/// <param name="Attendees">The attendees' emails; empty when none or unknown.</param>
/// <param name="Private">True when the organiser marked it private: panels should not show its details.</param>
public sealed record CalendarEvent(
    string Id,
    string Title,
    DateTimeOffset Start,
    DateTimeOffset End,
    string? Host = null,
    IReadOnlyList<string>? Attendees = null,
    bool Private = false)
{
    /// <summary>The attendees' emails; never null.</summary>
    public IReadOnlyList<string> Attendees { get; init; } = Attendees ?? [];

    /// <summary>True when the event overlaps the half-open interval [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public bool Overlaps(DateTimeOffset from, DateTimeOffset to) => Start < to && End > from;
}
