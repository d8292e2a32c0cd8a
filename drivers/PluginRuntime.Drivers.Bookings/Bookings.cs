using System.ComponentModel;
using Microsoft.Extensions.Logging;
using PluginRuntime.Sdk;
using PluginRuntime.Sdk.Capabilities;
using PluginRuntime.Sdk.Hosting;
using PluginRuntime.Sdk.Scheduling;
using PluginRuntime.Sdk.Systems;

namespace PluginRuntime.Drivers.Bookings;

/// <summary>
/// A room booking panel's logic over a calendar module in the same system (PlaceOS Bookings semantics): the
/// bookings list, the current and next booking, free / pending / busy, check-in, end meeting and book now.
/// </summary>
/// <remarks>
/// The calendar is polled every <c>cache_polling_period</c> minutes; the room's state is worked out again from that
/// cache on every minute of the clock (and after every change), so bookings start, go pending and end on time between polls. A
/// booking is pending from its start until someone checks in; after <c>pending_period</c> minutes without a
/// check-in it is released (deleted from the calendar). The next booking shows as pending
/// <c>pending_before</c> minutes before it starts.
/// </remarks>
[Driver("PlaceOS Bookings", DefaultModuleName = "Bookings",
    Description = "Room booking panel logic (free / pending / busy, check-in, end meeting, book now) over a calendar module.")]
[DefaultSettings("""
    {
      "calendar_module": null,
      "calendar_time_zone": "UTC",
      "book_now_default_title": "Ad Hoc booking",
      "disable_book_now": false,
      "disable_end_meeting": false,
      "pending_period": 5,
      "pending_before": 5,
      "auto_release": true,
      "cache_polling_period": 2,
      "cache_days": 7,
      "checkin_file": null
    }
    """)]
public sealed class Bookings : Driver
{
    /// <summary>How long after loading (or a settings change) the first poll runs.</summary>
    internal static readonly TimeSpan FirstPollDelay = TimeSpan.FromSeconds(2);

    /// <summary>What status shows instead of a private booking's title.</summary>
    internal const string PrivateTitle = "Private booking";

    // Polls run one at a time so an older answer never overwrites a newer one. The gates are never disposed: a call
    // may still be finishing when the module unloads, and a SemaphoreSlim without a wait handle holds nothing to free.
    private readonly SemaphoreSlim _pollGate = new(1, 1);
    private readonly SemaphoreSlim _bookGate = new(1, 1);
    private readonly Lock _releaseGate = new();
    private readonly Lock _refreshGate = new();
    private readonly HashSet<string> _releasing = [];
    private volatile IReadOnlyList<CalendarEvent> _bookings = [];
    private volatile CheckIn? _checkIn;
    private volatile BookingsOptions? _options;
    private CheckInStore? _store;
    private IScheduledTask? _firstPoll;
    private IScheduledTask? _poll;

    private BookingsOptions Options => _options ?? throw new InvalidOperationException("The Bookings module has not loaded its settings yet.");

    /// <summary>Checks in the current booking (or the next one while it is pending), so it is not released.</summary>
    /// <param name="id">The booking to check in; the current one (else the pending next one) when left out.</param>
    [Description("Checks in the current booking, or the next one while it is pending. Survives a restart.")]
    public CalendarEvent Checkin(string? id = null)
    {
        var now = Time.GetUtcNow();
        var state = RoomState.At(_bookings, now, _checkIn, Options);
        var target = Choose(id, state, state.Current ?? (state.NextPending == true ? state.Next : null))
            ?? throw new InvalidOperationException(id is null
                ? "There is no booking to check in: nothing is in progress and the next booking isn't pending yet."
                : $"Booking '{id}' can't be checked in: only the current booking or the pending next one can.");
        SaveCheckIn(new CheckIn(target.Id, target.Start, now));
        Logger.LogInformation("Checked in '{Title}' ({Id}) starting {Start:O}", target.Title, target.Id, target.Start);
        Refresh();
        return InZone(target);
    }

    /// <summary>Ends the current meeting (or cancels the pending next one) by deleting it from the calendar.</summary>
    /// <param name="id">The booking to end; the current one when left out.</param>
    [Description("Ends the current meeting, or cancels the pending next one, by deleting it from the calendar.")]
    public async Task EndMeeting(string? id = null)
    {
        if (Options.DisableEndMeeting)
        {
            throw new InvalidOperationException("End meeting is disabled for this room (setting disable_end_meeting).");
        }
        var state = RoomState.At(_bookings, Time.GetUtcNow(), _checkIn, Options);
        var target = Choose(id, state, state.Current)
            ?? throw new InvalidOperationException(id is null
                ? "There is no meeting in progress to end."
                : $"Booking '{id}' can't be ended: only the current booking or the pending next one can.");
        await Calendar().CallAsync("delete_event", target.Id).ConfigureAwait(false);
        Logger.LogInformation("Ended '{Title}' ({Id})", target.Title, target.Id);
        if (_checkIn?.BookingId == target.Id)
        {
            SaveCheckIn(null);
        }
        await PollEvents().ConfigureAwait(false);
    }

    /// <summary>Books the room from now for <paramref name="seconds"/>, checked in; refused if that would clash.</summary>
    /// <param name="seconds">How long, from now.</param>
    /// <param name="title">The meeting's title; <c>book_now_default_title</c> when left out.</param>
    /// <param name="owner">Who booked it (an email), or null for the room itself.</param>
    [Description("Books the room from now for the given seconds (checked in); refused when it would clash with a booking.")]
    public async Task<CalendarEvent> BookNow(int seconds, string? title = null, string? owner = null)
    {
        var options = Options;
        if (options.DisableBookNow)
        {
            throw new InvalidOperationException("Book now is disabled for this room (setting disable_book_now).");
        }
        if (seconds <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "Book now needs a positive number of seconds.");
        }
        // One at a time: two panels pressing together must not both pass the clash check.
        await _bookGate.WaitAsync(Stopping).ConfigureAwait(false);
        CalendarEvent created;
        try
        {
            var now = Time.GetUtcNow();
            var start = now.AddTicks(-(now.UtcTicks % TimeSpan.TicksPerSecond)); // calendars keep whole seconds
            var end = start.AddSeconds(seconds);
            // Asked of the calendar rather than the cache: a booking made elsewhere since the last poll must still clash.
            var calendar = Calendar();
            var existing = await calendar.CallAsync<List<CalendarEvent>>("list_events", start, end).ConfigureAwait(false) ?? [];
            if (existing.FirstOrDefault(e => e.Overlaps(start, end)) is { } clash)
            {
                throw new InvalidOperationException(
                    $"Can't book now until {Local(end):HH:mm}: the room is booked for '{ForDisplay(clash).Title}' from {Local(clash.Start):HH:mm} to {Local(clash.End):HH:mm}.");
            }
            created = await calendar.CallAsync<CalendarEvent>("create_event",
                    string.IsNullOrWhiteSpace(title) ? options.DefaultTitle : title, start, end, owner,
                    owner is null ? null : new[] { owner }, false).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"{calendar} answered create_event with nothing.");
            // Whoever books at the panel is in the room: the booking starts checked in.
            SaveCheckIn(new CheckIn(created.Id, created.Start, now));
        }
        finally
        {
            _bookGate.Release();
        }
        Logger.LogInformation("Booked now '{Title}' ({Id}) until {End:O}", created.Title, created.Id, created.End);
        await PollEvents().ConfigureAwait(false);
        return created;
    }

    /// <summary>Reads the bookings from the calendar now (from the start of today, <c>cache_days</c> ahead).</summary>
    [Description("Reads the bookings from the calendar now and updates the room's status.")]
    public async Task<IReadOnlyList<CalendarEvent>> PollEvents()
    {
        var options = Options;
        await _pollGate.WaitAsync(Stopping).ConfigureAwait(false);
        try
        {
            var today = StartOfDay(Time.GetUtcNow(), options.TimeZone);
            var calendar = Calendar();
            List<CalendarEvent> events;
            try
            {
                events = await calendar.CallAsync<List<CalendarEvent>>("list_events", today, today.AddDays(options.CacheDays))
                    .ConfigureAwait(false) ?? [];
            }
            catch (ModuleCallException ex)
            {
                // The cache stays: a calendar outage must not empty the panel.
                SetStatus("poll_error", ex.Message);
                Logger.LogWarning("Polling {Calendar} failed, keeping {Count} cached bookings: {Reason}", calendar, _bookings.Count, ex.Message);
                throw;
            }
            _bookings = events.Where(e => e.End > e.Start).OrderBy(e => e.Start).ThenBy(e => e.Id, StringComparer.Ordinal).ToArray();
            SetStatus<string?>("poll_error", null);
            SetStatus("bookings", _bookings.Select(InZone).ToArray());
            SetStatus("last_polled", Time.GetUtcNow());
            Refresh();
            return _bookings;
        }
        finally
        {
            _pollGate.Release();
        }
    }

    protected override Task OnLoadAsync(CancellationToken cancellationToken)
    {
        ApplySettings();
        // Status outlives a hot reload, the file a restart of the runtime: prefer the fresher of the two.
        _checkIn = GetStatus<CheckIn>("checked_in") ?? LoadCheckIn();
        // After a hot reload the last poll's bookings are still in status: use them until the first poll, so the
        // panel doesn't flash free.
        _bookings = GetStatus<CalendarEvent[]>("bookings") ?? [];
        // On the minute of the wall clock, so a booking starting at 10:00 shows at 10:00, not up to a minute late.
        Schedule.Cron("* * * * *", TickAsync);
        StartPolling();
        Refresh();
        return Task.CompletedTask;
    }

    protected override Task OnSettingsChangedAsync(CancellationToken cancellationToken)
    {
        ApplySettings();
        StartPolling();
        Refresh();
        return Task.CompletedTask;
    }

    // Every minute: work the state out again from the cache and release a booking nobody checked in.
    private async Task TickAsync()
    {
        var state = Refresh();
        if (state.DueForRelease is not { } booking)
        {
            return;
        }
        lock (_releaseGate)
        {
            if (!_releasing.Add(booking.Id))
            {
                return;
            }
        }
        try
        {
            Logger.LogInformation("Releasing '{Title}' ({Id}): nobody checked in within {Minutes} minutes of its start",
                booking.Title, booking.Id, Options.PendingPeriod.TotalMinutes);
            await Calendar().CallAsync("delete_event", booking.Id).ConfigureAwait(false);
            SetStatus("last_released", InZone(booking));
            await PollEvents().ConfigureAwait(false);
        }
        finally
        {
            lock (_releaseGate)
            {
                _releasing.Remove(booking.Id);
            }
        }
    }

    private RoomState Refresh()
    {
        // One at a time: a tick and a check-in refreshing together must not leave keys from two different states.
        lock (_refreshGate)
        {
            return RefreshLocked();
        }
    }

    private RoomState RefreshLocked()
    {
        var now = Time.GetUtcNow();
        var state = RoomState.At(_bookings, now, _checkIn, Options);
        SetStatus("current_booking", state.Current is null ? null : InZone(state.Current));
        SetStatus("next_booking", state.Next is null ? null : InZone(state.Next));
        SetStatus("booked", state.Booked);
        SetStatus("current_pending", state.CurrentPending);
        SetStatus("next_pending", state.NextPending);
        SetStatus("pending", state.Pending);
        SetStatus("in_use", state.InUse);
        SetStatus("status", state.Status);
        SetStatus("host", state.Current?.Host);
        SetStatus<DateTimeOffset?>("started_at", state.Current is null ? null : Local(state.Current.Start));
        SetStatus<DateTimeOffset?>("ending_at", state.Current is null ? null : Local(state.Current.End));
        return state;
    }

    private void ApplySettings()
    {
        string zoneId = Setting<string>("calendar_time_zone");
        TimeZoneInfo zone;
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new InvalidOperationException(
                $"Setting calendar_time_zone '{zoneId}' is not a time zone this machine knows; use an IANA id such as 'Australia/Sydney' or 'UTC'.", ex);
        }
        var options = new BookingsOptions
        {
            TimeZone = zone,
            PendingPeriod = TimeSpan.FromMinutes(NonNegative("pending_period")),
            PendingBefore = TimeSpan.FromMinutes(NonNegative("pending_before")),
            AutoRelease = Setting<bool>("auto_release"),
            PollingPeriod = TimeSpan.FromMinutes(Positive("cache_polling_period")),
            CacheDays = (int)Math.Max(1, Math.Ceiling(Positive("cache_days"))),
            DefaultTitle = SettingOrDefault("book_now_default_title", "Ad Hoc booking"),
            DisableBookNow = Setting<bool>("disable_book_now"),
            DisableEndMeeting = Setting<bool>("disable_end_meeting"),
        };
        _options = options;
        _store = new CheckInStore(SettingOrDefault<string?>("checkin_file", null) ?? DefaultCheckInPath(), JsonOptions);

        // Panels read these to decide which buttons to show (as PlaceOS Bookings publishes them).
        SetStatus("default_title", options.DefaultTitle);
        SetStatus("disable_book_now", options.DisableBookNow);
        SetStatus("disable_end_meeting", options.DisableEndMeeting);
        SetStatus("pending_period", options.PendingPeriod.TotalMinutes);
        SetStatus("pending_before", options.PendingBefore.TotalMinutes);
        SetStatus("time_zone", zone.Id);
    }

    private void StartPolling()
    {
        _firstPoll?.Dispose();
        _poll?.Dispose();
        // The first poll waits a moment: the calendar module may be listed after this one and still be starting.
        // A failed poll is logged (and shown as poll_error) and tried again next period.
        _firstPoll = Schedule.In(FirstPollDelay, PollEvents);
        _poll = Schedule.Every(Options.PollingPeriod, PollEvents);
    }

    private double NonNegative(string key)
    {
        double value = Setting<double>(key);
        return value >= 0 ? value : throw new InvalidOperationException($"Setting {key} must be zero or more minutes, not {value}.");
    }

    private double Positive(string key)
    {
        double value = Setting<double>(key);
        return value > 0 ? value : throw new InvalidOperationException($"Setting {key} must be more than zero, not {value}.");
    }

    // The configured calendar module, else the first module of the system that implements ICalendar, else Calendar_1
    // (PlaceOS Bookings' accessor).
    private ModuleProxy Calendar()
    {
        if (SettingOrDefault<string?>("calendar_module", null) is { Length: > 0 } configured)
        {
            var address = ModuleAddress.Parse(configured);
            return System[address.Name, address.Index];
        }
        return System.Implementing<ICalendar>().FirstOrDefault() ?? System["Calendar", 1];
    }

    private static CalendarEvent? Choose(string? id, RoomState state, CalendarEvent? fallback)
    {
        if (id is null)
        {
            return fallback;
        }
        if (state.Current?.Id == id)
        {
            return state.Current;
        }
        return state.NextPending == true && state.Next?.Id == id ? state.Next : null;
    }

    private void SaveCheckIn(CheckIn? checkIn)
    {
        _checkIn = checkIn;
        SetStatus("checked_in", checkIn);
        try
        {
            _store?.Save(checkIn);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Logger.LogWarning("Couldn't save the check-in to {Path}; it holds until the module restarts: {Reason}", _store?.Path, ex.Message);
        }
    }

    private CheckIn? LoadCheckIn()
    {
        var checkIn = _store!.Load(out string? problem);
        if (problem is not null)
        {
            Logger.LogWarning("Ignoring the check-in file {Path}: {Reason}", _store.Path, problem);
        }
        if (checkIn is not null)
        {
            SetStatus("checked_in", checkIn);
        }
        return checkIn;
    }

    private string DefaultCheckInPath() =>
        Path.Combine(Path.GetTempPath(), "pluginruntime", "bookings", $"{ModuleId}.checkin.json");

    private DateTimeOffset Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Options.TimeZone);

    // What status shows: times in the room's zone, and a private booking's title and attendees withheld (status goes
    // to every panel, websocket client and MQTT subscriber).
    private CalendarEvent InZone(CalendarEvent booking) => ForDisplay(booking) with { Start = Local(booking.Start), End = Local(booking.End) };

    private static CalendarEvent ForDisplay(CalendarEvent booking) =>
        booking.Private ? booking with { Title = PrivateTitle, Attendees = [] } : booking;

    private static DateTimeOffset StartOfDay(DateTimeOffset instant, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(instant, zone);
        var midnight = local.Date;
        return new DateTimeOffset(midnight, zone.GetUtcOffset(midnight));
    }
}
