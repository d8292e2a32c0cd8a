using PluginRuntime.Sdk.Capabilities;
using PluginRuntime.Sdk.Testing;

namespace PluginRuntime.Drivers.Bookings.Tests.Support;

/// <summary>Values for tests: times relative to the harness's fake start (2026-01-01T00:00Z) and events.</summary>
internal static class Some
{
    public static DateTimeOffset Minutes(double minutes) => FakeTimeProvider.DefaultStart.AddMinutes(minutes);

    public static CalendarEvent Meeting(string id, double startMinute, double endMinute, string title = "Design review", string? host = "alex@example.com") =>
        new(id, title, Minutes(startMinute), Minutes(endMinute), host, host is null ? [] : [host]);
}
