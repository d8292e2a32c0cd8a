using System.Text.Json;

namespace PluginRuntime.Drivers.Bookings.Graph;

/// <summary>Turns error responses into <see cref="GraphException"/>s that carry the service's own reason.</summary>
internal static class GraphErrors
{
    /// <summary>Graph's errors look like <c>{"error": {"code": "…", "message": "…"}}</c>.</summary>
    public static async Task<GraphException> FromGraphResponseAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        string? code = null, message = null;
        if (TryParse(body) is { } root && root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
        {
            code = Text(error, "code");
            message = Text(error, "message");
        }
        var request = response.RequestMessage;
        return new GraphException(
            $"Microsoft Graph refused {request?.Method} {request?.RequestUri?.AbsolutePath}: {(int)response.StatusCode} {code ?? response.ReasonPhrase}: {message ?? Shorten(body)}",
            (int)response.StatusCode, code);
    }

    /// <summary>The identity platform's errors look like <c>{"error": "invalid_client", "error_description": "…"}</c>.</summary>
    public static async Task<GraphException> FromTokenResponseAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        string? code = null, description = null;
        if (TryParse(body) is { } root)
        {
            code = Text(root, "error");
            description = Text(root, "error_description");
        }
        return new GraphException(
            $"Getting a Graph access token failed: {(int)response.StatusCode} {code ?? response.ReasonPhrase}: {description ?? Shorten(body)}. Check tenant, client_id and client_secret.",
            (int)response.StatusCode, code);
    }

    private static JsonElement? TryParse(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Shorten(string body) => body.Length <= 200 ? body : body[..200] + "…";
}
