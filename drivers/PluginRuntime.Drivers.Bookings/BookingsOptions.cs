namespace PluginRuntime.Drivers.Bookings;

/// <summary>The Bookings driver's settings, read once per load or settings change (PlaceOS Bookings names).</summary>
internal sealed record BookingsOptions
{
    /// <summary>The zone the room lives in: the poll window starts at its midnight and status times carry its offset.</summary>
    public required TimeZoneInfo TimeZone { get; init; }

    /// <summary>How long after its start an unchecked booking stays pending; zero turns check-in off.</summary>
    public required TimeSpan PendingPeriod { get; init; }

    /// <summary>How long before its start the next booking shows as pending.</summary>
    public required TimeSpan PendingBefore { get; init; }

    /// <summary>Release (delete) a booking nobody checked in once its pending period has passed.</summary>
    public required bool AutoRelease { get; init; }

    /// <summary>How often the calendar is polled.</summary>
    public required TimeSpan PollingPeriod { get; init; }

    /// <summary>How many days ahead (from the start of today) the poll reads.</summary>
    public required int CacheDays { get; init; }

    /// <summary>The title of a book-now meeting when the caller gives none.</summary>
    public required string DefaultTitle { get; init; }

    /// <summary>Refuse <c>book_now</c>.</summary>
    public required bool DisableBookNow { get; init; }

    /// <summary>Refuse <c>end_meeting</c>.</summary>
    public required bool DisableEndMeeting { get; init; }
}
