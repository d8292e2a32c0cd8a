using System.Text.Json.Serialization;

namespace PluginRuntime.Drivers.Bookings.Graph;

// Microsoft Graph's JSON shapes (camelCase), only the parts this driver reads or writes.
// https://learn.microsoft.com/graph/api/resources/event

/// <summary>An event resource.</summary>
internal sealed record GraphEvent
{
    public string? Id { get; init; }
    public string? Subject { get; init; }
    public GraphDateTime? Start { get; init; }
    public GraphDateTime? End { get; init; }
    public GraphRecipient? Organizer { get; init; }
    public List<GraphAttendee>? Attendees { get; init; }
    public string? Sensitivity { get; init; }
    public bool IsCancelled { get; init; }
}

/// <summary>A <c>dateTimeTimeZone</c>: a wall-clock time and the zone it is in.</summary>
internal sealed record GraphDateTime(string DateTime, string TimeZone);

/// <summary>A <c>recipient</c>.</summary>
internal sealed record GraphRecipient(GraphEmailAddress? EmailAddress);

/// <summary>An <c>emailAddress</c>.</summary>
internal sealed record GraphEmailAddress(string? Address, string? Name = null);

/// <summary>An <c>attendee</c>.</summary>
internal sealed record GraphAttendee(GraphEmailAddress? EmailAddress, string? Type = null);

/// <summary>One page of a collection; <c>@odata.nextLink</c> is the next page's full URL when there is one.</summary>
internal sealed record GraphPage<T>
{
    public List<T> Value { get; init; } = [];

    [JsonPropertyName("@odata.nextLink")]
    public string? NextLink { get; init; }
}

/// <summary>The body of <c>POST …/events</c>.</summary>
internal sealed record GraphNewEvent(
    string Subject, GraphDateTime Start, GraphDateTime End, List<GraphAttendee> Attendees, string Sensitivity);

/// <summary>The identity platform's answer to a client-credentials token request.</summary>
internal sealed record TokenResponse
{
    [JsonPropertyName("access_token")]
    public string? AccessToken { get; init; }

    [JsonPropertyName("expires_in")]
    public int ExpiresIn { get; init; }
}
