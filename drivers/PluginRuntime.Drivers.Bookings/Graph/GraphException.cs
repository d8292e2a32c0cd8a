namespace PluginRuntime.Drivers.Bookings.Graph;

/// <summary>Microsoft Graph or the identity platform refused a request; the message carries their reason.</summary>
public sealed class GraphException(string message, int statusCode, string? code) : Exception(message)
{
    /// <summary>The HTTP status code.</summary>
    public int StatusCode { get; } = statusCode;

    /// <summary>Graph's error code (e.g. <c>ErrorItemNotFound</c>) or the token endpoint's (e.g. <c>invalid_client</c>).</summary>
    public string? Code { get; } = code;
}
