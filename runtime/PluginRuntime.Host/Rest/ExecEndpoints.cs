using System.Text.Json;
using Microsoft.OpenApi;
using PluginRuntime.Core.Engine;
using PluginRuntime.Host.Auth;
using PluginRuntime.Sdk.Hosting;

namespace PluginRuntime.Host.Rest;

/// <summary>
/// <c>POST systems/{sys}/{module}/{method}</c>: runs a method with the body as its arguments (a JSON array for
/// positional, an object for named, empty for none) and answers with the method's result as raw JSON.
/// </summary>
/// <remarks>
/// A non-empty body must be declared <c>Content-Type: application/json</c>; with a cookie credential, even an empty
/// one. A page on another site can make the browser POST here with the operator's cookie, but only as a "simple"
/// request (text/plain or a form); a JSON content type needs a CORS preflight, which this host never grants. The body
/// is at most <see cref="MaxBodyBytes"/>.
/// </remarks>
internal static class ExecEndpoints
{
    /// <summary>Arguments are small; Kestrel's default (30 MB) would let one request make the server buffer that much.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    public static RouteGroupBuilder MapExec(this RouteGroupBuilder api)
    {
        api.MapPost("/systems/{sys}/{module}/{method}", async (string sys, string module, string method, HttpContext http, RuntimeEngine engine) =>
            {
                var caller = RestAuthenticationFilter.CallerOf(http);
                var cancellation = http.RequestAborted;
                if (http.Request.ContentLength > MaxBodyBytes)
                {
                    return TooLarge(http.Request.ContentLength.Value);
                }
                var body = await ReadBodyAsync(http.Request, cancellation);
                if (body is null)
                {
                    return TooLarge(null);
                }
                bool empty = body.Value.Span.Trim(" \t\r\n"u8).IsEmpty;
                bool fromCookie = CredentialReader.Read(http.Request, out _)?.FromCookie == true;
                if ((!empty || fromCookie) && !IsJson(http.Request.ContentType))
                {
                    string declared = string.IsNullOrEmpty(http.Request.ContentType) ? "none" : $"'{SafeText.Printable(http.Request.ContentType, 64)}'";
                    return RestProblems.NotJson(empty
                        ? $"With a cookie credential, exec needs Content-Type: application/json even without a body (it was {declared}): " +
                          "browsers send cross-site posts with the cookie, but never with that content type."
                        : $"The request body must be sent with Content-Type: application/json (it was {declared}).");
                }
                JsonElement args;
                try
                {
                    args = empty ? default : ParseArguments(body.Value);
                }
                catch (JsonException ex)
                {
                    return RestProblems.ParseError($"The request body is not valid JSON: {ex.Message}");
                }
                var (name, index) = ModuleAddress.Parse(module);
                // ExecService checks existence, scope, clearance and arguments, with the websocket's messages.
                var result = await engine.Exec.ExecAsync(sys, name, index, method, args, caller, cancellation);
                return result.IsSuccess
                    ? Results.Bytes(result.Json!, "application/json")
                    : RestProblems.For(result.Status, result.Error ?? "The request failed.");
            })
            .WithName("Exec")
            .WithSummary("Calls a method on a module (Name_index) with a JSON array (positional) or object (named) of arguments.")
            // Not .Accepts(): its routing policy answers a wrong Content-Type with a bare 415 before the handler,
            // where the handler's own check answers with a problem that says what to send.
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = false,
                    Description = "The arguments: a JSON array (positional) or object (named); empty for none. At most 1 MiB.",
                    Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() },
                };
                return Task.CompletedTask;
            })
            .Produces<JsonElement>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status502BadGateway)
            .ProducesProblem(StatusCodes.Status500InternalServerError);
        return api;
    }

    private static IResult TooLarge(long? length) => RestProblems.TooLarge(
        $"The request body is {(length is { } l ? $"{l} bytes" : "larger than that")}; exec accepts at most {MaxBodyBytes} bytes of arguments.");

    /// <summary>application/json or a +json type, with any parameters (charset).</summary>
    private static bool IsJson(string? contentType) =>
        Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media)
        && media.MediaType.Value is { } type
        && (type.Equals("application/json", StringComparison.OrdinalIgnoreCase) || type.EndsWith("+json", StringComparison.OrdinalIgnoreCase));

    /// <summary>The body, or null when it is longer than <see cref="MaxBodyBytes"/> (read no further than that).</summary>
    private static async Task<ReadOnlyMemory<byte>?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (body.Length + read > MaxBodyBytes)
            {
                return null;
            }
            body.Write(buffer, 0, read);
        }
        return body.GetBuffer().AsMemory(0, (int)body.Length);
    }

    /// <summary>The body as JSON; an empty body is no arguments (undefined), which suits methods without parameters.</summary>
    private static JsonElement ParseArguments(ReadOnlyMemory<byte> bytes)
    {
        using var document = JsonDocument.Parse(bytes);
        return document.RootElement.Clone();
    }
}
