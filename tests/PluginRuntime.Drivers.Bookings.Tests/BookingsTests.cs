using PluginRuntime.Drivers.Bookings.Tests.Support;
using PluginRuntime.Sdk.Capabilities;

namespace PluginRuntime.Drivers.Bookings.Tests;

/// <summary>The Bookings driver's room logic over a fake calendar module, on fake time.</summary>
public sealed class BookingsTests : IDisposable
{
    private readonly TempDirectory _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task A_booking_goes_free_then_pending_then_busy_after_check_in_then_free_when_it_ends()
    {
        await using var room = await BookingsRoom.StartAsync(_files, events: Some.Meeting("m1", 10, 40));
        Assert.Equal("free", room.RoomStatus);
        Assert.Equal("m1", room.NextId);
        Assert.False(room.Status.Get<bool>("booked"));
        Assert.Single(room.Status.Get<CalendarEvent[]>("bookings")!);

        await room.AtMinuteAsync(4);
        Assert.Equal("free", room.RoomStatus);
        await room.AtMinuteAsync(5); // pending_before: 5 minutes before the start
        Assert.Equal("pending", room.RoomStatus);
        Assert.True(room.Status.Get<bool>("next_pending"));
        Assert.False(room.Status.Get<bool>("current_pending"));

        await room.AtMinuteAsync(10);
        Assert.Equal("pending", room.RoomStatus);
        Assert.Equal("m1", room.CurrentId);
        Assert.True(room.Status.Get<bool>("booked"));
        Assert.True(room.Status.Get<bool>("current_pending"));
        Assert.False(room.Status.Get<bool>("in_use"));
        Assert.Equal("alex@example.com", room.Status.Get<string>("host"));
        Assert.Equal(Some.Minutes(10), room.Status.Get<DateTimeOffset>("started_at"));
        Assert.Equal(Some.Minutes(40), room.Status.Get<DateTimeOffset>("ending_at"));

        var checkedIn = await room.Harness.Exec("checkin").WithTimeout("checkin");
        Assert.Equal("m1", checkedIn.GetProperty("id").GetString());
        Assert.Equal("busy", room.RoomStatus);
        Assert.True(room.Status.Get<bool>("in_use"));
        Assert.False(room.Status.Get<bool>("pending"));

        await room.AtMinuteAsync(39);
        Assert.Equal("busy", room.RoomStatus);
        await room.AtMinuteAsync(40);
        Assert.Equal("free", room.RoomStatus);
        Assert.False(room.Status.Get<bool>("booked"));
        Assert.False(room.Status.Has("current_booking"));
        Assert.False(room.Status.Has("host"));
        Assert.Empty(room.Calendar.Deleted);
    }

    [Fact]
    public async Task The_next_booking_can_be_checked_in_while_it_is_pending_and_starts_busy()
    {
        await using var room = await BookingsRoom.StartAsync(_files, events: Some.Meeting("m1", 10, 40));
        await Assert.ThrowsAsync<InvalidOperationException>(() => room.Harness.Exec("checkin")).WithTimeout("an early checkin");

        await room.AtMinuteAsync(6);
        await room.Harness.Exec("checkin", "m1").WithTimeout("checkin of the next booking");
        Assert.Equal("free", room.RoomStatus);
        Assert.False(room.Status.Get<bool>("next_pending"));

        await room.AtMinuteAsync(10);
        Assert.Equal("busy", room.RoomStatus);
    }

    [Fact]
    public async Task End_meeting_deletes_the_current_booking_and_frees_the_room()
    {
        await using var room = await BookingsRoom.StartAsync(_files, events: [Some.Meeting("m1", 10, 40), Some.Meeting("m2", 60, 90)]);
        await room.AtMinuteAsync(12);
        await room.Harness.Exec("checkin").WithTimeout("checkin");
        Assert.Equal("busy", room.RoomStatus);

        await room.Harness.Exec("end_meeting").WithTimeout("end_meeting");

        Assert.Equal(["m1"], room.Calendar.Deleted);
        Assert.Equal("free", room.RoomStatus);
        Assert.Equal("m2", room.NextId);
        Assert.Single(room.Status.Get<CalendarEvent[]>("bookings")!);
        Assert.False(room.Status.Has("checked_in"));
    }

    [Fact]
    public async Task Book_now_creates_a_checked_in_booking_and_refuses_one_that_would_clash()
    {
        await using var room = await BookingsRoom.StartAsync(_files, events: Some.Meeting("m1", 30, 60, title: "Budget sync"));

        var clash = await Assert.ThrowsAsync<InvalidOperationException>(() => room.Harness.Exec("book_now", 3600)).WithTimeout("a clashing book_now");
        Assert.Contains("'Budget sync' from 00:30 to 01:00", clash.Message);
        Assert.DoesNotContain(room.Calendar.Module.Calls, c => c.Method == "create_event");

        var booked = await room.Harness.Exec("book_now", 1200, "Stand-up", "sam@example.com").WithTimeout("book_now");
        Assert.Equal("Stand-up", booked.GetProperty("title").GetString());
        Assert.Equal("busy", room.RoomStatus); // whoever booked at the panel is in the room
        Assert.True(room.Status.Get<bool>("in_use"));
        Assert.Equal("sam@example.com", room.Status.Get<string>("host"));
        Assert.Equal(2, room.Status.Get<CalendarEvent[]>("bookings")!.Length);

        await room.AtMinuteAsync(5);
        await Assert.ThrowsAsync<InvalidOperationException>(() => room.Harness.Exec("book_now", 60)).WithTimeout("a book_now during the booked one");

        await room.AtMinuteAsync(21); // booked from 00:00:02 (after the first poll) for 20 minutes
        Assert.Equal("free", room.RoomStatus);
        await room.AtMinuteAsync(25);
        Assert.Equal("pending", room.RoomStatus);
        Assert.Empty(room.Calendar.Deleted);
    }

    [Fact]
    public async Task Book_now_without_a_title_uses_the_default_title()
    {
        await using var room = await BookingsRoom.StartAsync(_files, new { book_now_default_title = "Walk-in" });
        await room.Harness.Exec("book_now", 900).WithTimeout("book_now");
        Assert.Equal("Walk-in", Assert.Single(room.Calendar.Events).Title);
        var booking = room.Calendar.Events[0];
        Assert.Equal(room.Harness.Time.GetUtcNow(), booking.Start);
        Assert.Equal(TimeSpan.FromMinutes(15), booking.End - booking.Start);
    }

    [Fact]
    public async Task A_booking_nobody_checks_in_is_released_after_the_pending_period()
    {
        await using var room = await BookingsRoom.StartAsync(_files, new { pending_period = 5 }, events: [Some.Meeting("m1", 10, 40), Some.Meeting("m2", 60, 70)]);
        await room.AtMinuteAsync(14);
        Assert.Equal("pending", room.RoomStatus);
        Assert.Empty(room.Calendar.Deleted);

        await room.AtMinuteAsync(15);

        Assert.Equal(["m1"], room.Calendar.Deleted);
        Assert.Equal("free", room.RoomStatus);
        Assert.Equal("m2", room.NextId);
        Assert.Equal("m1", room.Status.Get<CalendarEvent>("last_released")!.Id);
        Assert.Contains(room.Harness.Logs, l => l.Message.Contains("nobody checked in within 5 minutes"));
    }

    [Fact]
    public async Task With_auto_release_off_an_unchecked_booking_stays_pending()
    {
        await using var room = await BookingsRoom.StartAsync(_files, new { auto_release = false }, events: Some.Meeting("m1", 10, 40));
        await room.AtMinuteAsync(30);
        Assert.Equal("pending", room.RoomStatus);
        Assert.Empty(room.Calendar.Deleted);
    }

    [Fact]
    public async Task A_check_in_survives_a_restart_of_the_module()
    {
        var meeting = Some.Meeting("m1", 10, 40);
        await using (var before = await BookingsRoom.StartAsync(_files, events: meeting))
        {
            await before.AtMinuteAsync(11);
            await before.Harness.Exec("checkin").WithTimeout("checkin");
            Assert.Equal("busy", before.RoomStatus);
        }

        // A new module (status is gone, as after a runtime restart) with the same check-in file.
        await using var after = await BookingsRoom.StartAsync(_files, startTime: Some.Minutes(12), events: meeting);
        Assert.Equal("busy", after.RoomStatus);
        Assert.Equal("m1", after.Status.Get<CheckIn>("checked_in")!.BookingId);
        await after.AtMinuteAsync(20);
        Assert.Equal("busy", after.RoomStatus);
        Assert.Empty(after.Calendar.Deleted);
    }

    [Fact]
    public async Task A_check_in_is_for_one_start_time_so_a_moved_meeting_is_pending_again()
    {
        await using var room = await BookingsRoom.StartAsync(_files, events: Some.Meeting("m1", 10, 40));
        await room.AtMinuteAsync(11);
        await room.Harness.Exec("checkin").WithTimeout("checkin");

        room.Calendar.Module.OnCall("list_events", _ => new[] { Some.Meeting("m1", 12, 40) });
        await room.Harness.Exec("poll_events").WithTimeout("poll_events");

        Assert.Equal("pending", room.RoomStatus);
    }

    [Fact]
    public async Task The_calendar_is_polled_on_its_own_period_while_the_state_follows_the_clock_every_minute()
    {
        await using var room = await BookingsRoom.StartAsync(_files, new { cache_polling_period = 10, pending_period = 0 }, events: Some.Meeting("m1", 3, 6));
        Assert.Equal(1, room.Calendar.ListCalls);
        room.Calendar.Add(Some.Meeting("late", 7, 8));

        await room.AtMinuteAsync(3);
        Assert.Equal("busy", room.RoomStatus); // from the cache, without a poll
        await room.AtMinuteAsync(6);
        Assert.Equal("free", room.RoomStatus);
        await room.AtMinuteAsync(7);
        Assert.Equal("free", room.RoomStatus); // "late" was booked after the last poll
        Assert.Equal(1, room.Calendar.ListCalls);

        await room.AtMinuteAsync(10);
        Assert.Equal(2, room.Calendar.ListCalls);
        Assert.Equal(["m1", "late"], room.Status.Get<CalendarEvent[]>("bookings")!.Select(b => b.Id));
        await room.AtMinuteAsync(20);
        Assert.Equal(3, room.Calendar.ListCalls);
    }

    [Fact]
    public async Task The_state_follows_the_minutes_of_the_clock_not_of_the_module_start()
    {
        await using var room = await BookingsRoom.StartAsync(_files, new { pending_period = 0, cache_polling_period = 60 },
            startTime: Some.Minutes(0.5), events: Some.Meeting("m1", 10, 20));
        await room.AtMinuteAsync(10);
        Assert.Equal("busy", room.RoomStatus);
        await room.AtMinuteAsync(20);
        Assert.Equal("free", room.RoomStatus);
    }

    [Fact]
    public async Task A_settings_change_restarts_polling_on_the_new_period()
    {
        await using var room = await BookingsRoom.StartAsync(_files, new { cache_polling_period = 10 });
        await room.Harness.ChangeSettingsAsync(new { cache_polling_period = 1, checkin_file = _files.File("checkin.json") }).WithTimeout("the settings change");
        await room.Harness.AdvanceAsync(Bookings.FirstPollDelay).WithTimeout("the first poll after the change");
        Assert.Equal(2, room.Calendar.ListCalls);
        await room.AtMinuteAsync(3);
        Assert.Equal(4, room.Calendar.ListCalls);
    }

    [Fact]
    public async Task Book_now_and_end_meeting_can_be_disabled()
    {
        await using var room = await BookingsRoom.StartAsync(_files, new { disable_book_now = true, disable_end_meeting = true }, events: Some.Meeting("m1", 0, 30));
        var bookNow = await Assert.ThrowsAsync<InvalidOperationException>(() => room.Harness.Exec("book_now", 600)).WithTimeout("book_now");
        Assert.Contains("disable_book_now", bookNow.Message);
        var endMeeting = await Assert.ThrowsAsync<InvalidOperationException>(() => room.Harness.Exec("end_meeting")).WithTimeout("end_meeting");
        Assert.Contains("disable_end_meeting", endMeeting.Message);
        Assert.True(room.Status.Get<bool>("disable_book_now"));
        Assert.True(room.Status.Get<bool>("disable_end_meeting"));
        Assert.Empty(room.Calendar.Deleted);
        Assert.DoesNotContain(room.Calendar.Module.Calls, c => c.Method == "create_event");
    }

    [Fact]
    public async Task With_no_pending_period_a_booking_is_busy_without_check_in()
    {
        await using var room = await BookingsRoom.StartAsync(_files, new { pending_period = 0 }, events: Some.Meeting("m1", 0, 30));
        Assert.Equal("busy", room.RoomStatus);
        Assert.True(room.Status.Get<bool>("in_use"));
        Assert.False(room.Status.Has("pending"));
        Assert.False(room.Status.Has("current_pending"));
        await room.AtMinuteAsync(20);
        Assert.Empty(room.Calendar.Deleted);
    }

    [Fact]
    public async Task A_calendar_outage_keeps_the_cached_bookings_and_shows_the_error()
    {
        await using var room = await BookingsRoom.StartAsync(_files, events: Some.Meeting("m1", 10, 40));
        room.Calendar.FailWith = "Calendar_1 is offline";

        await room.AtMinuteAsync(2);

        Assert.Equal("Calendar_1 is offline", room.Status.Get<string>("poll_error"));
        Assert.Equal("m1", room.NextId);
        room.Calendar.FailWith = null;
        await room.AtMinuteAsync(4);
        Assert.False(room.Status.Has("poll_error"));
    }

    [Fact]
    public async Task Times_are_shown_in_the_room_time_zone_and_the_poll_starts_at_its_midnight()
    {
        // 2026-01-01T00:00Z is 11:00 in Sydney (daylight time, +11:00).
        await using var room = await BookingsRoom.StartAsync(_files, new { calendar_time_zone = "Australia/Sydney" }, events: Some.Meeting("m1", 0, 30));
        var list = room.Calendar.Module.Calls.First(c => c.Method == "list_events").Args;
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.FromHours(11)), list[0].GetDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2026, 1, 8, 0, 0, 0, TimeSpan.FromHours(11)), list[1].GetDateTimeOffset());
        Assert.StartsWith("2026-01-01T11:00:00+11:00", room.Status["started_at"]!.Value.GetString());
        Assert.Equal("Australia/Sydney", room.Status.Get<string>("time_zone"));
    }

    [Fact]
    public async Task An_unknown_time_zone_fails_the_load_naming_the_setting()
    {
        var error = await Assert.ThrowsAsync<Sdk.Testing.HarnessAssertionException>(
            () => BookingsRoom.StartAsync(_files, new { calendar_time_zone = "Mars/Olympus" })).WithTimeout("the load");
        Assert.Contains("calendar_time_zone 'Mars/Olympus'", error.Message);
    }

    [Fact]
    public async Task Only_the_current_or_pending_booking_can_be_ended_or_checked_in_by_id()
    {
        await using var room = await BookingsRoom.StartAsync(_files, events: [Some.Meeting("m1", 0, 30), Some.Meeting("m2", 60, 90)]);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => room.Harness.Exec("end_meeting", "m2")).WithTimeout("end_meeting m2");
        Assert.Contains("'m2'", error.Message);
        await Assert.ThrowsAsync<InvalidOperationException>(() => room.Harness.Exec("checkin", "m2")).WithTimeout("checkin m2");
        Assert.Empty(room.Calendar.Deleted);
    }

    [Fact]
    public async Task A_private_booking_shows_no_title_or_attendees()
    {
        var secret = Some.Meeting("m1", 0, 30, title: "Acquisition talks") with { Private = true };
        await using var room = await BookingsRoom.StartAsync(_files, events: secret);

        var current = room.Status.Get<CalendarEvent>("current_booking")!;
        Assert.Equal(Bookings.PrivateTitle, current.Title);
        Assert.Empty(current.Attendees);
        Assert.Equal("alex@example.com", current.Host);
        Assert.DoesNotContain("Acquisition", room.Status["bookings"]!.Value.GetRawText());
        var clash = await Assert.ThrowsAsync<InvalidOperationException>(() => room.Harness.Exec("book_now", 60)).WithTimeout("book_now");
        Assert.DoesNotContain("Acquisition", clash.Message);
    }

    [Fact]
    public async Task A_damaged_check_in_file_is_ignored_with_a_warning()
    {
        await File.WriteAllTextAsync(_files.File("checkin.json"), "{ not json").WithTimeout("writing the file");
        await using var room = await BookingsRoom.StartAsync(_files, events: Some.Meeting("m1", 0, 30));
        Assert.Equal("pending", room.RoomStatus);
        Assert.Contains(room.Harness.Logs, l => l.Message.Contains("Ignoring the check-in file"));
    }
}
