using System.ComponentModel;
using Microsoft.Extensions.Logging;
using PluginRuntime.Sdk;
using PluginRuntime.Sdk.Capabilities;

namespace PluginRuntime.Drivers.Bookings.Local;

/// <summary>
/// A calendar kept in a JSON file on the runtime's machine: for the demo, tests and small sites with no calendar
/// service. The file is created when missing, written atomically, and read again when someone edits it.
/// </summary>
[Driver("Local Calendar", DefaultModuleName = "Calendar",
    Description = "A file-backed room calendar (JSON); can generate a rolling demo schedule.")]
[DefaultSettings("""{"path": null, "demo": false, "demo_hours": 6}""")]
public sealed class LocalCalendar : Driver, ICalendar
{
    private CalendarFile? _file;

    private CalendarFile Store => _file ?? throw new InvalidOperationException("The calendar file is not open yet.");

    /// <inheritdoc />
    [Description("The events overlapping [from, to), sorted by start.")]
    public Task<IReadOnlyList<CalendarEvent>> ListEvents(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        if (to <= from)
        {
            throw new ArgumentException($"'to' ({to:O}) must be after 'from' ({from:O}).", nameof(to));
        }
        IReadOnlyList<CalendarEvent> events = Store.Read(d => d.Events.Where(e => e.Overlaps(from, to))
            .OrderBy(e => e.Start).ThenBy(e => e.Id, StringComparer.Ordinal).ToArray());
        return Task.FromResult(events);
    }

    /// <inheritdoc />
    [Description("Creates an event and returns it with its new id.")]
    public Task<CalendarEvent> CreateEvent(
        string title, DateTimeOffset start, DateTimeOffset end, string? host = null,
        IReadOnlyList<string>? attendees = null, bool @private = false, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(title))
        {
            throw new ArgumentException("An event needs a title.", nameof(title));
        }
        if (end <= start)
        {
            throw new ArgumentException($"An event must end after it starts (start {start:O}, end {end:O}).", nameof(end));
        }
        var created = new CalendarEvent(Guid.NewGuid().ToString("N"), title, start, end, host, attendees, @private);
        int count = Store.Update(d =>
        {
            d.Events.Add(created);
            return d.Events.Count;
        });
        SetStatus("event_count", count);
        Logger.LogInformation("Created '{Title}' ({Id}) {Start:O} to {End:O}", title, created.Id, start, end);
        return Task.FromResult(created);
    }

    /// <inheritdoc />
    [Description("Deletes an event by id.")]
    public Task DeleteEvent(string id, CancellationToken cancellationToken = default)
    {
        int count = Store.Update(d => d.Events.RemoveAll(e => e.Id == id) > 0
            ? d.Events.Count
            : throw new KeyNotFoundException($"There is no event '{id}' in {Store.Path}."));
        SetStatus("event_count", count);
        Logger.LogInformation("Deleted event {Id}", id);
        return Task.CompletedTask;
    }

    protected override Task OnLoadAsync(CancellationToken cancellationToken)
    {
        Open();
        return Task.CompletedTask;
    }

    protected override Task OnSettingsChangedAsync(CancellationToken cancellationToken)
    {
        Schedule.CancelAll();
        Open();
        return Task.CompletedTask;
    }

    private void Open()
    {
        string path = SettingOrDefault<string?>("path", null)
            ?? Path.Combine(Path.GetTempPath(), "pluginruntime", "calendars", $"{ModuleId}.json");
        _file = new CalendarFile(path, JsonOptions);
        SetStatus("path", _file.Path);
        try
        {
            _file.EnsureExists();
            SetStatus("event_count", _file.Read(d => d.Events.Count));
        }
        catch (InvalidDataException ex)
        {
            // The module stays up so the operator sees why; every call says the same until the file is fixed.
            Logger.LogError("{Reason}", ex.Message);
        }
        if (Setting<bool>("demo"))
        {
            // Seeded before the module counts as loaded, so a Bookings module polling it straight away sees meetings.
            ExtendDemo();
            Schedule.Every(DemoSchedule.Slot, ExtendDemo);
        }
    }

    private void ExtendDemo()
    {
        var now = Time.GetUtcNow();
        double hours = Setting<double>("demo_hours");
        try
        {
            int count = Store.Update(d =>
            {
                int added = DemoSchedule.Extend(d, now, hours, variant: ModuleId.Sum(c => c) % 3);
                if (added > 0)
                {
                    Logger.LogInformation("Demo schedule: added {Added} meetings up to {Until:O}", added, d.DemoSeededUntil);
                }
                return d.Events.Count;
            });
            SetStatus("event_count", count);
        }
        catch (InvalidDataException ex)
        {
            // A damaged file is left alone (and already reported); the demo tries again next half hour.
            Logger.LogWarning("Demo schedule not extended: {Reason}", ex.Message);
        }
    }
}
