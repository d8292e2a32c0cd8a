using PluginRuntime.Drivers.Bookings.Graph;
using PluginRuntime.Drivers.Bookings.Local;
using PluginRuntime.Sdk.Capabilities;
using PluginRuntime.Sdk.Metadata;

namespace PluginRuntime.Drivers.Bookings.Tests;

/// <summary>The calendar drivers expose the ICalendar exec contract that Bookings calls by name.</summary>
public sealed class CalendarContractTests
{
    public static TheoryData<Type> Calendars => new() { typeof(LocalCalendar), typeof(GraphCalendar) };

    [Theory]
    [MemberData(nameof(Calendars))]
    public void A_calendar_driver_offers_list_create_and_delete_with_the_contracts_arguments(Type driver)
    {
        var descriptor = DriverDescriptor.Describe(driver);

        Assert.True(descriptor.Implements(typeof(ICalendar)));
        Assert.Equal("Calendar", descriptor.DefaultModuleName);
        Assert.Equal(["from", "to"], Arguments(descriptor, "list_events"));
        Assert.Equal(["title", "start", "end", "host", "attendees", "private"], Arguments(descriptor, "create_event"));
        Assert.Equal(["id"], Arguments(descriptor, "delete_event"));
        var schema = descriptor.DescribeInterface();
        Assert.NotNull(schema["create_event"]);
    }

    [Fact]
    public void The_bookings_panel_offers_the_placeos_methods()
    {
        var descriptor = DriverDescriptor.Describe(typeof(Bookings));
        Assert.Equal("Bookings", descriptor.DefaultModuleName);
        Assert.Equal(["book_now", "checkin", "end_meeting", "poll_events"], descriptor.Methods.Select(m => m.Name).Order());
        Assert.Equal(["seconds", "title", "owner"], Arguments(descriptor, "book_now"));
    }

    private static IEnumerable<string> Arguments(DriverDescriptor descriptor, string method)
    {
        Assert.True(descriptor.TryGetMethod(method, out var found), $"{descriptor.Name} should have {method}");
        return found.Parameters.Select(p => p.Name);
    }
}
