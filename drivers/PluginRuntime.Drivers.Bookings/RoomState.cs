using PluginRuntime.Sdk.Capabilities;

namespace PluginRuntime.Drivers.Bookings;

/// <summary>
/// What a room panel shows at one instant, worked out from the cached bookings, the check-in and the settings
/// (PlaceOS Bookings semantics). Pure, so every rule is testable without a driver.
/// </summary>
internal sealed record RoomState
{
    /// <summary>The booking in progress (started, not ended), if any.</summary>
    public CalendarEvent? Current { get; init; }

    /// <summary>The first booking that starts after now.</summary>
    public CalendarEvent? Next { get; init; }

    /// <summary>A booking is in progress.</summary>
    public bool Booked { get; init; }

    /// <summary>The current booking is waiting to be checked in (null when check-in is off).</summary>
    public bool? CurrentPending { get; init; }

    /// <summary>The next booking starts within the pending-before window and isn't checked in (null when check-in is off).</summary>
    public bool? NextPending { get; init; }

    /// <summary>Either of the two above (null when check-in is off).</summary>
    public bool? Pending { get; init; }

    /// <summary>A booking is in progress and checked in (or check-in is off).</summary>
    public bool InUse { get; init; }

    /// <summary><c>pending</c> when anything is pending, else <c>busy</c> when booked, else <c>free</c> (PlaceOS order).</summary>
    public string Status => Pending == true ? "pending" : Booked ? "busy" : "free";

    /// <summary>The current booking, when nobody checked in within its pending period and auto-release is on.</summary>
    public CalendarEvent? DueForRelease { get; init; }

    /// <summary>Works out the room's state at <paramref name="now"/>.</summary>
    /// <param name="bookings">The cached bookings, sorted by start.</param>
    /// <param name="now">The instant to judge.</param>
    /// <param name="checkIn">The last check-in, if any.</param>
    /// <param name="options">The pending window and auto-release settings.</param>
    public static RoomState At(IReadOnlyList<CalendarEvent> bookings, DateTimeOffset now, CheckIn? checkIn, BookingsOptions options)
    {
        var current = bookings.FirstOrDefault(b => b.Start <= now && b.End > now);
        var next = bookings.FirstOrDefault(b => b.Start > now);
        bool booked = current is not null;

        if (options.PendingPeriod <= TimeSpan.Zero)
        {
            return new RoomState { Current = current, Next = next, Booked = booked, InUse = booked };
        }

        bool currentPending = current is not null && !IsCheckedIn(current, checkIn);
        bool nextPending = next is not null && next.Start - now <= options.PendingBefore && !IsCheckedIn(next, checkIn);
        bool releaseDue = currentPending && options.AutoRelease && now >= current!.Start + options.PendingPeriod;
        return new RoomState
        {
            Current = current,
            Next = next,
            Booked = booked,
            CurrentPending = currentPending,
            NextPending = nextPending,
            Pending = currentPending || nextPending,
            InUse = booked && !currentPending,
            DueForRelease = releaseDue ? current : null,
        };
    }

    /// <summary>True when <paramref name="checkIn"/> is for this booking at its present start time.</summary>
    public static bool IsCheckedIn(CalendarEvent booking, CheckIn? checkIn) =>
        checkIn is not null && checkIn.BookingId == booking.Id && checkIn.Start == booking.Start;
}
