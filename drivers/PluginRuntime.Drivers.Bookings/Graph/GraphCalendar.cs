using System.ComponentModel;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using PluginRuntime.Sdk;
using PluginRuntime.Sdk.Capabilities;

namespace PluginRuntime.Drivers.Bookings.Graph;

/// <summary>
/// A room mailbox's calendar in Microsoft 365, through Microsoft Graph with an app-only (client-credentials) token:
/// <c>calendarView</c> to list (following <c>@odata.nextLink</c>), <c>POST …/events</c> to create,
/// <c>DELETE …/events/{id}</c> to delete. The app needs the <c>Calendars.ReadWrite</c> application permission.
/// </summary>
/// <remarks>
/// Graph and the identity platform are two hosts, so the driver keeps its own <see cref="HttpClient"/> rather than
/// the module's (which is rooted at one uri); both base URLs are settings, so tests point them at a local server.
/// </remarks>
[Driver("Microsoft Graph Calendar", DefaultModuleName = "Calendar",
    Description = "A Microsoft 365 room mailbox calendar over Microsoft Graph (client-credentials auth).")]
[DefaultSettings("""
    {
      "authority": "https://login.microsoftonline.com",
      "graph_base": "https://graph.microsoft.com",
      "tenant": null,
      "client_id": null,
      "client_secret": null,
      "mailbox": null,
      "page_size": 100
    }
    """)]
public sealed class GraphCalendar : Driver, ICalendar
{
    private readonly JsonSerializerOptions _graphJson = new(JsonSerializerDefaults.Web);
    private volatile Connection? _connection;

    private Connection Current => _connection ?? throw new InvalidOperationException("The Graph calendar has not loaded its settings yet.");

    /// <inheritdoc />
    [Description("The events overlapping [from, to), sorted by start (cancelled ones left out).")]
    public async Task<IReadOnlyList<CalendarEvent>> ListEvents(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        if (to <= from)
        {
            throw new ArgumentException($"'to' ({to:O}) must be after 'from' ({from:O}).", nameof(to));
        }
        var connection = Current;
        var events = new List<CalendarEvent>();
        Uri? next = connection.Settings.CalendarViewUrl(from, to);
        int pages = 0;
        while (next is not null)
        {
            using var response = await SendAsync(connection, () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Get, next);
                request.Headers.Add("Prefer", $"outlook.timezone=\"UTC\", odata.maxpagesize={connection.Settings.PageSize}");
                return request;
            }, cancellationToken).ConfigureAwait(false);
            var page = await response.Content.ReadFromJsonAsync<GraphPage<GraphEvent>>(_graphJson, cancellationToken).ConfigureAwait(false)
                ?? throw new GraphException($"Microsoft Graph answered {next.AbsolutePath} with an empty body.", (int)response.StatusCode, null);
            events.AddRange(page.Value.Where(e => !e.IsCancelled).Select(ToCalendarEvent));
            next = NextPage(connection, page.NextLink);
            pages++;
        }
        SetStatus("last_listed", new { count = events.Count, pages });
        return events.OrderBy(e => e.Start).ThenBy(e => e.Id, StringComparer.Ordinal).ToArray();
    }

    /// <inheritdoc />
    [Description("Creates an event in the room's calendar (the host, if given, is invited).")]
    public async Task<CalendarEvent> CreateEvent(
        string title, DateTimeOffset start, DateTimeOffset end, string? host = null,
        IReadOnlyList<string>? attendees = null, bool @private = false, CancellationToken cancellationToken = default)
    {
        if (end <= start)
        {
            throw new ArgumentException($"An event must end after it starts (start {start:O}, end {end:O}).", nameof(end));
        }
        var connection = Current;
        // App-only tokens create events as the room mailbox; the person who booked is invited so it is in their calendar.
        var invited = (attendees ?? []).Concat(host is null ? [] : [host]).Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(a => new GraphAttendee(new GraphEmailAddress(a), "required")).ToList();
        var body = new GraphNewEvent(title, Utc(start), Utc(end), invited, @private ? "private" : "normal");
        using var response = await SendAsync(connection, () => new HttpRequestMessage(HttpMethod.Post, connection.Settings.EventsUrl)
        {
            Content = JsonContent.Create(body, options: _graphJson),
        }, cancellationToken).ConfigureAwait(false);
        var created = await response.Content.ReadFromJsonAsync<GraphEvent>(_graphJson, cancellationToken).ConfigureAwait(false)
            ?? throw new GraphException("Microsoft Graph answered the new event with an empty body.", (int)response.StatusCode, null);
        var result = ToCalendarEvent(created);
        Logger.LogInformation("Created '{Title}' ({Id}) in {Mailbox}", result.Title, result.Id, connection.Settings.Mailbox);
        return result;
    }

    /// <inheritdoc />
    [Description("Deletes an event from the room's calendar by id.")]
    public async Task DeleteEvent(string id, CancellationToken cancellationToken = default)
    {
        var connection = Current;
        var url = new Uri(connection.Settings.EventsUrl + "/" + Uri.EscapeDataString(id));
        using var response = await SendAsync(connection, () => new HttpRequestMessage(HttpMethod.Delete, url), cancellationToken).ConfigureAwait(false);
        Logger.LogInformation("Deleted event {Id} from {Mailbox}", id, connection.Settings.Mailbox);
    }

    protected override Task OnLoadAsync(CancellationToken cancellationToken)
    {
        Connect();
        return Task.CompletedTask;
    }

    protected override Task OnSettingsChangedAsync(CancellationToken cancellationToken)
    {
        var old = _connection;
        Connect();
        old?.Dispose(); // requests already under way on it finish or fail; new ones use the new settings
        return Task.CompletedTask;
    }

    protected override Task OnUnloadAsync(CancellationToken cancellationToken)
    {
        _connection?.Dispose();
        return Task.CompletedTask;
    }

    private void Connect()
    {
        var settings = new GraphSettings(
            BaseUri("authority"), BaseUri("graph_base"), Setting<string>("tenant"), Setting<string>("client_id"),
            Setting<string>("client_secret"), Setting<string>("mailbox"), Math.Max(1, Setting<int>("page_size")));
        var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
        _connection = new Connection(settings, http, new ClientCredentialsToken(http, settings, Time, _graphJson));
        SetStatus("mailbox", settings.Mailbox);
    }

    // Sends with a bearer token; a 401 means the token was revoked or expired early, so it is fetched again once.
    private async Task<HttpResponseMessage> SendAsync(Connection connection, Func<HttpRequestMessage> build, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, Stopping);
        for (int attempt = 1; ; attempt++)
        {
            string token = await connection.Token.GetAsync(linked.Token).ConfigureAwait(false);
            using var request = build();
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var response = await connection.Http.SendAsync(request, linked.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return response;
            }
            using (response)
            {
                if (response.StatusCode == HttpStatusCode.Unauthorized && attempt == 1)
                {
                    connection.Token.Reject(token);
                    continue;
                }
                throw await GraphErrors.FromGraphResponseAsync(response, linked.Token).ConfigureAwait(false);
            }
        }
    }

    // A next link must stay on Graph: following one elsewhere would hand our token to another host.
    private static Uri? NextPage(Connection connection, string? nextLink)
    {
        if (nextLink is null)
        {
            return null;
        }
        var next = new Uri(nextLink, UriKind.Absolute);
        var graph = connection.Settings.GraphBase;
        return next.Scheme == graph.Scheme && next.Authority == graph.Authority
            ? next
            : throw new GraphException($"Microsoft Graph's @odata.nextLink points away from {graph}: {next}. Not following it.", 200, null);
    }

    private Uri BaseUri(string key)
    {
        string text = Setting<string>(key);
        if (!Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new InvalidOperationException($"Setting {key} must be an http(s) URL, not '{text}'.");
        }
        return uri;
    }

    private static GraphDateTime Utc(DateTimeOffset instant) =>
        new(instant.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffff", CultureInfo.InvariantCulture), "UTC");

    private static CalendarEvent ToCalendarEvent(GraphEvent e)
    {
        var start = Instant(e.Start, e.Id, "start");
        var end = Instant(e.End, e.Id, "end");
        var organiser = e.Organizer?.EmailAddress;
        return new CalendarEvent(
            e.Id ?? throw new GraphException("Microsoft Graph returned an event without an id.", 200, null),
            e.Subject ?? "",
            start,
            end,
            organiser?.Address ?? organiser?.Name,
            e.Attendees?.Select(a => a.EmailAddress?.Address).OfType<string>().ToArray(),
            e.Sensitivity is "private" or "confidential");
    }

    // Graph gives wall-clock times with a zone name; asked for UTC (Prefer: outlook.timezone) they are UTC, but a
    // zone Graph chose itself (Windows or IANA id) is honoured too.
    private static DateTimeOffset Instant(GraphDateTime? value, string? id, string which)
    {
        if (value is null || !DateTime.TryParse(value.DateTime, CultureInfo.InvariantCulture, DateTimeStyles.None, out var wall))
        {
            throw new GraphException($"Microsoft Graph returned event '{id}' with no readable {which} time.", 200, null);
        }
        wall = DateTime.SpecifyKind(wall, DateTimeKind.Unspecified);
        if (value.TimeZone is "UTC" or "Etc/UTC" or "Coordinated Universal Time")
        {
            return new DateTimeOffset(wall, TimeSpan.Zero);
        }
        try
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(value.TimeZone);
            return new DateTimeOffset(wall, zone.GetUtcOffset(wall));
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new GraphException($"Microsoft Graph returned event '{id}' in time zone '{value.TimeZone}', which this machine doesn't know.", 200, null);
        }
    }

    private sealed record Connection(GraphSettings Settings, HttpClient Http, ClientCredentialsToken Token) : IDisposable
    {
        public void Dispose() => Http.Dispose();
    }
}
