using System.Text.Json;
using PluginRuntime.Drivers.Bookings.Local;
using PluginRuntime.Drivers.Bookings.Tests.Support;
using PluginRuntime.Sdk.Capabilities;
using PluginRuntime.Sdk.Systems;
using PluginRuntime.Sdk.Testing;

namespace PluginRuntime.Drivers.Bookings.Tests;

/// <summary>Bookings with the real LocalCalendar driver as its sibling: calls cross the exec contract as JSON.</summary>
public sealed class BookingsOverLocalCalendarTests : IDisposable
{
    private readonly TempDirectory _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task A_room_runs_its_day_over_a_local_calendar_file()
    {
        await using var calendar = await DriverHarness<LocalCalendar>.StartAsync(new() { Settings = new { path = _files.File("room.json") } })
            .WithTimeout("the calendar to load");
        await calendar.Exec("create_event", "Design review", Some.Minutes(10), Some.Minutes(40), "alex@example.com", null, false).WithTimeout("create_event");
        await using var bookings = await DriverHarness<Bookings>.StartAsync(new() { Settings = new { checkin_file = _files.File("checkin.json") } })
            .WithTimeout("the Bookings module to load");
        var sibling = bookings.Sibling("Calendar").Implements<ICalendar>();
        foreach (string method in new[] { "list_events", "create_event", "delete_event" })
        {
            sibling.OnCall(method, args => Forward(calendar, method, args));
        }
        await bookings.AdvanceAsync(Bookings.FirstPollDelay).WithTimeout("the first poll");
        Assert.Equal("free", bookings.Status.Get<string>("status"));
        Assert.Equal("Design review", bookings.Status.Get<CalendarEvent>("next_booking")!.Title);

        // Book now is refused while it would run into the review, then fits before it.
        var clash = await Assert.ThrowsAsync<InvalidOperationException>(() => bookings.Exec("book_now", 1800)).WithTimeout("a clashing book_now");
        Assert.Contains("Design review", clash.Message);
        await bookings.Exec("book_now", 300, "Quick chat").WithTimeout("book_now");
        Assert.Equal("busy", bookings.Status.Get<string>("status"));
        Assert.Equal(2, calendar.Status.Get<int>("event_count"));

        await bookings.AdvanceAsync(Some.Minutes(10) - bookings.Time.GetUtcNow()).WithTimeout("the review's start");
        Assert.Equal("pending", bookings.Status.Get<string>("status"));
        await bookings.Exec("checkin").WithTimeout("checkin");
        Assert.Equal("busy", bookings.Status.Get<string>("status"));

        await bookings.Exec("end_meeting").WithTimeout("end_meeting");
        Assert.Equal("free", bookings.Status.Get<string>("status"));
        var remaining = (await calendar.Exec("list_events", Some.Minutes(-60), Some.Minutes(600)).WithTimeout("list_events"))
            .Deserialize<CalendarEvent[]>(Sdk.DriverJson.CreateOptions())!;
        Assert.Equal(["Quick chat"], remaining.Select(e => e.Title));
    }

    // What the runtime's exec does between two modules: JSON arguments in, JSON result out, failures as ModuleCallException.
    private static JsonElement Forward(DriverHarness harness, string method, JsonElement args)
    {
        try
        {
            return harness.ExecJson(method, args.GetRawText()).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is not ModuleCallException)
        {
            throw new ModuleCallException($"Calendar_1.{method} failed: {ex.Message}");
        }
    }
}
