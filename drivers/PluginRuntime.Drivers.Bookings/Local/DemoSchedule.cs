using PluginRuntime.Sdk.Capabilities;

namespace PluginRuntime.Drivers.Bookings.Local;

/// <summary>
/// A made-up rolling schedule for the demo: in each half hour a 20-minute meeting, except every third half hour,
/// so a panel shows bookings going pending, starting and ending all day with nothing external.
/// </summary>
internal static class DemoSchedule
{
    public static readonly TimeSpan Slot = TimeSpan.FromMinutes(30);
    private static readonly TimeSpan Meeting = TimeSpan.FromMinutes(20);
    private static readonly string[] Titles = ["Team stand-up", "Design review", "Customer call", "Planning", "1:1", "Budget sync", "Interview"];
    private static readonly string[] Hosts = ["alex@example.com", "sam@example.com", "kim@example.com", "jo@example.com"];

    /// <summary>Adds the meetings of the slots from <paramref name="now"/>'s slot to <paramref name="hours"/> ahead not generated before.</summary>
    /// <param name="document">The calendar to extend.</param>
    /// <param name="now">The current time.</param>
    /// <param name="hours">How far ahead to reach.</param>
    /// <param name="variant">Shifts the pattern, so two demo rooms are not busy at the same times.</param>
    /// <returns>How many meetings were added.</returns>
    public static int Extend(CalendarDocument document, DateTimeOffset now, double hours, int variant = 0)
    {
        var from = Floor(now);
        if (document.DemoSeededUntil is { } seeded && seeded > from)
        {
            from = seeded;
        }
        var until = Floor(now + TimeSpan.FromHours(hours));
        int added = 0;
        for (var slot = from; slot < until; slot += Slot)
        {
            long index = slot.UtcTicks / Slot.Ticks + variant;
            string id = $"demo-{slot.UtcDateTime:yyyyMMddHHmm}";
            if (index % 3 == 2 || document.Events.Any(e => e.Id == id))
            {
                continue;
            }
            document.Events.Add(new CalendarEvent(id, Titles[index % Titles.Length], slot, slot + Meeting,
                Hosts[index % Hosts.Length], [Hosts[(index + 1) % Hosts.Length]]));
            added++;
        }
        if (until > from)
        {
            document.DemoSeededUntil = until;
        }
        // Old demo meetings go, so the file doesn't grow for as long as the demo runs.
        document.Events.RemoveAll(e => e.Id.StartsWith("demo-", StringComparison.Ordinal) && e.End < now - TimeSpan.FromDays(1));
        return added;
    }

    private static DateTimeOffset Floor(DateTimeOffset instant) =>
        new(instant.UtcTicks - (instant.UtcTicks % Slot.Ticks), TimeSpan.Zero);
}
