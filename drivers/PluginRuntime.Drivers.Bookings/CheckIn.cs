namespace PluginRuntime.Drivers.Bookings;

/// <summary>
/// The booking someone checked in to. Identified by id and start, so a meeting moved to a new time needs a new
/// check-in (as PlaceOS compares start times).
/// </summary>
/// <param name="BookingId">The calendar event's id.</param>
/// <param name="Start">The event's start when it was checked in.</param>
/// <param name="At">When the check-in happened.</param>
public sealed record CheckIn(string BookingId, DateTimeOffset Start, DateTimeOffset At);
