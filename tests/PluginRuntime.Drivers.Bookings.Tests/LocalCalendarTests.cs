using System.Text.Json;
using PluginRuntime.Drivers.Bookings.Local;
using PluginRuntime.Drivers.Bookings.Tests.Support;
using PluginRuntime.Sdk.Capabilities;
using PluginRuntime.Sdk.Testing;

namespace PluginRuntime.Drivers.Bookings.Tests;

/// <summary>The file-backed calendar: round trips, edits on disk, damaged files and the demo schedule.</summary>
public sealed class LocalCalendarTests : IDisposable
{
    private readonly TempDirectory _files = new();

    public void Dispose() => _files.Dispose();

    private string CalendarPath => Path.Combine(_files.Path, "rooms", "boardroom.json");

    private Task<DriverHarness<LocalCalendar>> StartAsync(object? extra = null) =>
        DriverHarness<LocalCalendar>.StartAsync(new() { Settings = extra ?? new { path = CalendarPath } }).WithTimeout("the calendar to load");

    private static async Task<CalendarEvent[]> ListAsync(DriverHarness<LocalCalendar> harness, double fromMinute = -1440, double toMinute = 1440) =>
        (await harness.Exec("list_events", Some.Minutes(fromMinute), Some.Minutes(toMinute)).WithTimeout("list_events"))
            .Deserialize<CalendarEvent[]>(Sdk.DriverJson.CreateOptions())!;

    [Fact]
    public async Task The_file_is_created_when_missing_and_events_round_trip_through_it()
    {
        string id;
        await using (var harness = await StartAsync())
        {
            Assert.True(File.Exists(CalendarPath));
            Assert.Empty(await ListAsync(harness));

            var late = await harness.Exec("create_event", "Planning", Some.Minutes(60), Some.Minutes(90), "kim@example.com", new[] { "jo@example.com" }, true)
                .WithTimeout("create_event");
            id = late.GetProperty("id").GetString()!;
            await harness.Exec("create_event", "Stand-up", Some.Minutes(0), Some.Minutes(15)).WithTimeout("create_event");
            Assert.Equal(2, harness.Status.Get<int>("event_count"));
        }

        await using (var reopened = await StartAsync())
        {
            var events = await ListAsync(reopened);
            Assert.Equal(["Stand-up", "Planning"], events.Select(e => e.Title));
            Assert.Equal(new CalendarEvent(id, "Planning", Some.Minutes(60), Some.Minutes(90), "kim@example.com", ["jo@example.com"], true) with { Attendees = events[1].Attendees }, events[1]);
            Assert.Equal(["jo@example.com"], events[1].Attendees);
            Assert.Equal(["Planning"], (await ListAsync(reopened, 30, 61)).Select(e => e.Title)); // overlap, not containment
            Assert.Empty(await ListAsync(reopened, 15, 60)); // half-open: touching ends don't overlap

            await reopened.Exec("delete_event", id).WithTimeout("delete_event");
        }

        using var onDisk = JsonDocument.Parse(await File.ReadAllTextAsync(CalendarPath).WithTimeout("reading the file"));
        Assert.Equal("Stand-up", Assert.Single(onDisk.RootElement.GetProperty("events").EnumerateArray()).GetProperty("title").GetString());
        Assert.Equal([CalendarPath], Directory.GetFiles(Path.GetDirectoryName(CalendarPath)!)); // no temporary files left behind
    }

    [Fact]
    public async Task Deleting_an_unknown_event_names_it_and_bad_events_are_refused()
    {
        await using var harness = await StartAsync();
        var missing = await Assert.ThrowsAsync<KeyNotFoundException>(() => harness.Exec("delete_event", "nope")).WithTimeout("delete_event");
        Assert.Contains("'nope'", missing.Message);
        await Assert.ThrowsAsync<ArgumentException>(() => harness.Exec("create_event", "Backwards", Some.Minutes(30), Some.Minutes(10))).WithTimeout("create_event");
        await Assert.ThrowsAsync<ArgumentException>(() => harness.Exec("create_event", " ", Some.Minutes(0), Some.Minutes(10))).WithTimeout("create_event");
        Assert.Empty(await ListAsync(harness));
    }

    [Fact]
    public async Task An_edit_to_the_file_on_disk_is_picked_up_without_a_restart()
    {
        await using var harness = await StartAsync();
        await harness.Exec("create_event", "Stand-up", Some.Minutes(0), Some.Minutes(15)).WithTimeout("create_event");

        await File.WriteAllTextAsync(CalendarPath, """
            {"events": [
              {"id": "by-hand", "title": "Typed in by the facilities team", "start": "2026-01-01T02:00:00Z", "end": "2026-01-01T03:00:00Z"}
            ]}
            """).WithTimeout("editing the file");

        var events = await ListAsync(harness);
        Assert.Equal("by-hand", Assert.Single(events).Id);
        Assert.Empty(events[0].Attendees);
    }

    [Fact]
    public async Task A_damaged_file_is_reported_and_left_untouched()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(CalendarPath)!);
        const string damaged = """{"events": [{"id": "x", "title": "half""";
        await File.WriteAllTextAsync(CalendarPath, damaged).WithTimeout("writing the file");

        // With the demo on, so its generator meets the damaged file too.
        await using var harness = await StartAsync(new { path = CalendarPath, demo = true });

        Assert.Contains(harness.Logs, l => l.Level == Microsoft.Extensions.Logging.LogLevel.Error && l.Message.Contains(CalendarPath));
        var list = await Assert.ThrowsAsync<InvalidDataException>(() => harness.Exec("list_events", Some.Minutes(0), Some.Minutes(60))).WithTimeout("list_events");
        Assert.Contains("left untouched", list.Message);
        await Assert.ThrowsAsync<InvalidDataException>(() => harness.Exec("create_event", "Lost?", Some.Minutes(0), Some.Minutes(10))).WithTimeout("create_event");
        await harness.AdvanceAsync(TimeSpan.FromHours(1)).WithTimeout("the demo's next runs");
        Assert.Equal(damaged, await File.ReadAllTextAsync(CalendarPath).WithTimeout("reading the file"));
    }

    [Fact]
    public async Task The_demo_schedule_rolls_forward_and_never_brings_back_a_deleted_meeting()
    {
        await using var harness = await StartAsync(new { path = CalendarPath, demo = true, demo_hours = 2 });
        var first = await ListAsync(harness, 0, 600);
        Assert.InRange(first.Length, 2, 3); // four half-hour slots, one in three left free
        Assert.All(first, e =>
        {
            Assert.Equal(TimeSpan.FromMinutes(20), e.End - e.Start);
            Assert.Equal(0, e.Start.UtcTicks % TimeSpan.FromMinutes(30).Ticks);
            Assert.InRange(e.Start, Some.Minutes(0), Some.Minutes(90));
        });
        await harness.Exec("delete_event", first[0].Id).WithTimeout("delete_event");

        await harness.AdvanceAsync(TimeSpan.FromHours(3)).WithTimeout("three hours of demo");

        var later = await ListAsync(harness, 0, 600);
        Assert.DoesNotContain(later, e => e.Id == first[0].Id);
        Assert.Equal(later.Length, later.Select(e => e.Id).Distinct().Count());
        Assert.InRange(later.Max(e => e.Start), Some.Minutes(270), Some.Minutes(330)); // now two hours ahead of 03:00
        Assert.InRange(later.Length, 5, 6); // ten slots 00:00..04:30, three or four left free, one deleted
    }
}
