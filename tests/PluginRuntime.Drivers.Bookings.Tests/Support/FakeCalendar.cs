using System.Text.Json;
using PluginRuntime.Sdk;
using PluginRuntime.Sdk.Capabilities;
using PluginRuntime.Sdk.Testing;

namespace PluginRuntime.Drivers.Bookings.Tests.Support;

/// <summary>
/// An in-memory calendar behind a mock sibling module, answering the <see cref="ICalendar"/> exec contract
/// (<c>list_events</c>, <c>create_event</c>, <c>delete_event</c>) as a calendar driver would.
/// </summary>
internal sealed class FakeCalendar
{
    private readonly Lock _gate = new();
    private readonly List<CalendarEvent> _events = [];
    private readonly JsonSerializerOptions _json = DriverJson.CreateOptions();
    private int _nextId = 1;

    public FakeCalendar(DriverHarness harness, params CalendarEvent[] events)
    {
        _events.AddRange(events);
        Module = harness.Sibling("Calendar").Implements<ICalendar>()
            .OnCall("list_events", List)
            .OnCall("create_event", Create)
            .OnCall("delete_event", Delete);
    }

    public MockModule Module { get; }

    /// <summary>When set, every call fails with this message (the calendar is down).</summary>
    public string? FailWith { get; set; }

    public int ListCalls => Module.Calls.Count(c => c.Method == "list_events");

    public IReadOnlyList<string> Deleted => Module.Calls.Where(c => c.Method == "delete_event").Select(c => c.Args[0].GetString()!).ToArray();

    public IReadOnlyList<CalendarEvent> Events
    {
        get
        {
            lock (_gate)
            {
                return _events.ToArray();
            }
        }
    }

    /// <summary>Adds an event behind the Bookings module's back, as someone booking from Outlook would.</summary>
    public void Add(CalendarEvent booking)
    {
        lock (_gate)
        {
            _events.Add(booking);
        }
    }

    private object List(JsonElement args)
    {
        ThrowIfDown();
        var from = args[0].GetDateTimeOffset();
        var to = args[1].GetDateTimeOffset();
        lock (_gate)
        {
            return _events.Where(e => e.Overlaps(from, to)).OrderBy(e => e.Start).ToArray();
        }
    }

    private object Create(JsonElement args)
    {
        ThrowIfDown();
        lock (_gate)
        {
            var created = new CalendarEvent($"created-{_nextId++}", args[0].GetString()!, args[1].GetDateTimeOffset(), args[2].GetDateTimeOffset(),
                args[3].GetString(), args[4].Deserialize<string[]>(_json), args[5].GetBoolean());
            _events.Add(created);
            return created;
        }
    }

    private object? Delete(JsonElement args)
    {
        ThrowIfDown();
        string id = args[0].GetString()!;
        lock (_gate)
        {
            return _events.RemoveAll(e => e.Id == id) == 1 ? null : throw new Sdk.Systems.ModuleCallException($"No event {id}.");
        }
    }

    private void ThrowIfDown()
    {
        if (FailWith is { } message)
        {
            throw new Sdk.Systems.ModuleCallException(message);
        }
    }
}
