using System.Text.Json.Nodes;
using PluginRuntime.Sdk.Capabilities;
using PluginRuntime.Sdk.Testing;

namespace PluginRuntime.Drivers.Bookings.Tests.Support;

/// <summary>A Bookings module in the harness with a fake calendar beside it, already past its first poll.</summary>
internal sealed class BookingsRoom : IAsyncDisposable
{
    private BookingsRoom(DriverHarness<Bookings> harness, FakeCalendar calendar)
    {
        Harness = harness;
        Calendar = calendar;
    }

    public DriverHarness<Bookings> Harness { get; }

    public FakeCalendar Calendar { get; }

    public HarnessStatus Status => Harness.Status;

    /// <summary>Starts the module with <paramref name="settings"/> (plus a check-in file in <paramref name="files"/>) and polls once.</summary>
    public static async Task<BookingsRoom> StartAsync(TempDirectory files, object? settings = null, DateTimeOffset? startTime = null, params CalendarEvent[] events)
    {
        var merged = settings is null ? [] : (JsonObject)System.Text.Json.JsonSerializer.SerializeToNode(settings)!;
        merged["checkin_file"] ??= files.File("checkin.json");
        var harness = await DriverHarness<Bookings>.StartAsync(new()
        {
            Settings = merged,
            StartTime = startTime ?? FakeTimeProvider.DefaultStart,
        }).WithTimeout("the Bookings module to load");
        var calendar = new FakeCalendar(harness, events);
        await harness.AdvanceAsync(Bookings.FirstPollDelay).WithTimeout("the first poll");
        return new BookingsRoom(harness, calendar);
    }

    /// <summary>Moves fake time to <paramref name="minute"/> minutes after the harness's default start.</summary>
    public Task AtMinuteAsync(double minute) => Harness.AdvanceAsync(Some.Minutes(minute) - Harness.Time.GetUtcNow()).WithTimeout($"minute {minute}");

    public string? RoomStatus => Status.Get<string>("status");

    public string? CurrentId => Status.Get<CalendarEvent>("current_booking")?.Id;

    public string? NextId => Status.Get<CalendarEvent>("next_booking")?.Id;

    public ValueTask DisposeAsync() => Harness.DisposeAsync();
}
