namespace PluginRuntime.Drivers.Bookings.Graph;

/// <summary>Where and as whom the Graph calendar connects.</summary>
/// <param name="Authority">The identity platform, e.g. <c>https://login.microsoftonline.com</c>.</param>
/// <param name="GraphBase">Graph's root, e.g. <c>https://graph.microsoft.com</c>.</param>
/// <param name="Tenant">The directory (tenant) id or domain.</param>
/// <param name="ClientId">The app registration's client id.</param>
/// <param name="ClientSecret">Its client secret.</param>
/// <param name="Mailbox">The room's mailbox, e.g. <c>boardroom@contoso.com</c>.</param>
/// <param name="PageSize">How many events per page to ask Graph for.</param>
internal sealed record GraphSettings(
    Uri Authority, Uri GraphBase, string Tenant, string ClientId, string ClientSecret, string Mailbox, int PageSize)
{
    public Uri TokenEndpoint => new(Authority, $"{Uri.EscapeDataString(Tenant)}/oauth2/v2.0/token");

    public Uri EventsUrl => new(GraphBase, $"v1.0/users/{Uri.EscapeDataString(Mailbox)}/events");

    public Uri CalendarViewUrl(DateTimeOffset from, DateTimeOffset to) => new(GraphBase,
        $"v1.0/users/{Uri.EscapeDataString(Mailbox)}/calendarView?startDateTime={Iso(from)}&endDateTime={Iso(to)}" +
        "&$orderby=start/dateTime&$select=id,subject,start,end,organizer,attendees,sensitivity,isCancelled");

    private static string Iso(DateTimeOffset instant) =>
        Uri.EscapeDataString(instant.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", System.Globalization.CultureInfo.InvariantCulture));
}
