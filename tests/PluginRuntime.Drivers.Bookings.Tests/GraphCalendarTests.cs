using System.Text.Json;
using System.Text.Json.Nodes;
using PluginRuntime.Drivers.Bookings.Graph;
using PluginRuntime.Drivers.Bookings.Tests.Support;
using PluginRuntime.Sdk.Capabilities;
using PluginRuntime.Sdk.Testing;

namespace PluginRuntime.Drivers.Bookings.Tests;

/// <summary>The Microsoft Graph calendar against a local server that answers as Graph's documented API does.</summary>
public sealed class GraphCalendarTests : IAsyncLifetime
{
    private FakeGraphServer _graph = null!;

    public async Task InitializeAsync() => _graph = await FakeGraphServer.StartAsync();

    public async Task DisposeAsync() => await _graph.DisposeAsync();

    private Task<DriverHarness<GraphCalendar>> StartAsync(string secret = FakeGraphServer.ClientSecret) =>
        DriverHarness<GraphCalendar>.StartAsync(new()
        {
            Settings = new
            {
                authority = _graph.BaseAddress.ToString(),
                graph_base = _graph.BaseAddress.ToString(),
                tenant = FakeGraphServer.Tenant,
                client_id = FakeGraphServer.ClientId,
                client_secret = secret,
                mailbox = FakeGraphServer.Mailbox,
            },
        }).WithTimeout("the Graph calendar to load");

    private static async Task<CalendarEvent[]> ListAsync(DriverHarness<GraphCalendar> harness) =>
        (await harness.Exec("list_events", Some.Minutes(0), Some.Minutes(24 * 60)).WithTimeout("list_events"))
            .Deserialize<CalendarEvent[]>(Sdk.DriverJson.CreateOptions())!;

    [Fact]
    public async Task Events_are_listed_across_pages_with_an_app_only_token()
    {
        _graph.AddEvent("Planning", Some.Minutes(120), Some.Minutes(180));
        _graph.AddEvent("Stand-up", Some.Minutes(30), Some.Minutes(45), organiser: "kim@contoso.com");
        _graph.AddEvent("Cancelled sync", Some.Minutes(60), Some.Minutes(90), cancelled: true);
        _graph.AddEvent("Board only", Some.Minutes(200), Some.Minutes(260), sensitivity: "private");
        _graph.AddEvent("Tomorrow", Some.Minutes(26 * 60), Some.Minutes(27 * 60));
        await using var harness = await StartAsync();

        var events = await ListAsync(harness);

        Assert.Equal(["Stand-up", "Planning", "Board only"], events.Select(e => e.Title));
        Assert.Equal(Some.Minutes(30), events[0].Start);
        Assert.Equal(Some.Minutes(45), events[0].End);
        Assert.Equal("kim@contoso.com", events[0].Host);
        Assert.Equal(["sam@contoso.com"], events[0].Attendees);
        Assert.True(events[2].Private);

        var token = Assert.Single(_graph.To("/oauth2/v2.0/token"));
        Assert.Equal($"/{FakeGraphServer.Tenant}/oauth2/v2.0/token", token.Path);
        var form = System.Web.HttpUtility.ParseQueryString(token.Body);
        Assert.Equal(FakeGraphServer.ClientId, form["client_id"]);
        Assert.Equal(FakeGraphServer.ClientSecret, form["client_secret"]);
        Assert.Equal("https://graph.microsoft.com/.default", form["scope"]);
        Assert.Equal("client_credentials", form["grant_type"]);

        var pages = _graph.To("/calendarView");
        Assert.Equal(2, pages.Count); // four events in the window, two per page
        Assert.StartsWith("/v1.0/users/boardroom@contoso.com/calendarView?startDateTime=2026-01-01T00:00:00.0000000Z&endDateTime=2026-01-02T00:00:00.0000000Z",
            Uri.UnescapeDataString(pages[0].Path));
        Assert.Contains("$skip=2", Uri.UnescapeDataString(pages[1].Path));
        Assert.All(pages, p => Assert.Equal("Bearer token-1", p.Authorization));
        Assert.Contains("outlook.timezone=\"UTC\"", pages[0].Prefer);
        Assert.Equal(2, harness.Status["last_listed"]!.Value.GetProperty("pages").GetInt32());
    }

    [Fact]
    public async Task The_token_is_reused_until_it_is_about_to_expire()
    {
        await using var harness = await StartAsync();
        await ListAsync(harness);
        await ListAsync(harness);
        Assert.Equal(1, _graph.TokensIssued);

        harness.Time.Advance(TimeSpan.FromSeconds(3599 - 61));
        await ListAsync(harness);
        Assert.Equal(1, _graph.TokensIssued);

        harness.Time.Advance(TimeSpan.FromSeconds(2)); // inside the last minute of its life
        await ListAsync(harness);
        Assert.Equal(2, _graph.TokensIssued);
        Assert.Equal("Bearer token-2", _graph.To("/calendarView").Last().Authorization);
    }

    [Fact]
    public async Task A_token_Graph_rejects_is_replaced_and_the_call_retried_once()
    {
        _graph.AddEvent("Stand-up", Some.Minutes(30), Some.Minutes(45));
        await using var harness = await StartAsync();
        await ListAsync(harness);

        _graph.RevokeTokens();
        var events = await ListAsync(harness);

        Assert.Single(events);
        Assert.Equal(2, _graph.TokensIssued);
        Assert.Equal(["Bearer token-1", "Bearer token-1", "Bearer token-2"], _graph.To("/calendarView").Select(r => r.Authorization));
    }

    [Fact]
    public async Task Create_posts_the_event_and_returns_it_as_Graph_stored_it()
    {
        await using var harness = await StartAsync();

        var created = (await harness.Exec("create_event", "Ad Hoc booking", Some.Minutes(5), Some.Minutes(35), "sam@contoso.com", new[] { "jo@contoso.com" }, true)
                .WithTimeout("create_event"))
            .Deserialize<CalendarEvent>(Sdk.DriverJson.CreateOptions())!;

        var post = Assert.Single(_graph.To("/events"));
        Assert.Equal("POST", post.Method);
        Assert.Equal("/v1.0/users/boardroom@contoso.com/events", Uri.UnescapeDataString(post.Path));
        var body = JsonNode.Parse(post.Body)!;
        Assert.Equal("Ad Hoc booking", (string?)body["subject"]);
        Assert.Equal("2026-01-01T00:05:00.0000000", (string?)body["start"]!["dateTime"]);
        Assert.Equal("UTC", (string?)body["start"]!["timeZone"]);
        Assert.Equal("2026-01-01T00:35:00.0000000", (string?)body["end"]!["dateTime"]);
        Assert.Equal("private", (string?)body["sensitivity"]);
        Assert.Equal(["jo@contoso.com", "sam@contoso.com"], body["attendees"]!.AsArray().Select(a => (string?)a!["emailAddress"]!["address"]));

        Assert.StartsWith("AAMkAG-", created.Id);
        Assert.Equal(FakeGraphServer.Mailbox, created.Host);
        Assert.Equal(Some.Minutes(5), created.Start);
        Assert.True(created.Private);
        Assert.Equal(created.Id, Assert.Single(await ListAsync(harness)).Id);
    }

    [Fact]
    public async Task Delete_removes_the_event_and_a_missing_one_fails_with_Graphs_message()
    {
        string id = _graph.AddEvent("Stand-up", Some.Minutes(30), Some.Minutes(45));
        await using var harness = await StartAsync();

        await harness.Exec("delete_event", id).WithTimeout("delete_event");
        Assert.Equal(0, _graph.EventCount);
        Assert.Equal($"/v1.0/users/boardroom@contoso.com/events/{id}", Uri.UnescapeDataString(_graph.To("/events/").Single().Path));

        var error = await Assert.ThrowsAsync<GraphException>(() => harness.Exec("delete_event", id)).WithTimeout("a second delete_event");
        Assert.Equal(404, error.StatusCode);
        Assert.Equal("ErrorItemNotFound", error.Code);
        Assert.Contains("The specified object was not found in the store.", error.Message);
    }

    [Fact]
    public async Task A_wrong_client_secret_fails_with_the_identity_platforms_reason()
    {
        await using var harness = await StartAsync(secret: "wrong");
        var error = await Assert.ThrowsAsync<GraphException>(() => ListAsync(harness)).WithTimeout("list_events");
        Assert.Equal("invalid_client", error.Code);
        Assert.Contains("AADSTS7000215", error.Message);
        Assert.Empty(_graph.To("/calendarView"));
    }

    [Fact]
    public async Task A_next_link_that_leaves_Graph_is_not_followed()
    {
        _graph.AddEvent("One", Some.Minutes(0), Some.Minutes(10));
        _graph.AddEvent("Two", Some.Minutes(20), Some.Minutes(30));
        _graph.AddEvent("Three", Some.Minutes(40), Some.Minutes(50));
        _graph.NextLinkBase = new Uri("http://127.0.0.2:9/");
        await using var harness = await StartAsync();

        var error = await Assert.ThrowsAsync<GraphException>(() => ListAsync(harness)).WithTimeout("list_events");
        Assert.Contains("points away from", error.Message);
        Assert.Single(_graph.To("/calendarView"));
    }
}
