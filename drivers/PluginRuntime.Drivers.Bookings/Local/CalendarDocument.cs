using PluginRuntime.Sdk.Capabilities;

namespace PluginRuntime.Drivers.Bookings.Local;

/// <summary>What a local calendar file holds (JSON, snake_case).</summary>
internal sealed record CalendarDocument
{
    /// <summary>The events, in no particular order.</summary>
    public List<CalendarEvent> Events { get; init; } = [];

    /// <summary>How far the demo schedule has been generated, so a deleted demo meeting is not generated again.</summary>
    public DateTimeOffset? DemoSeededUntil { get; set; }
}
