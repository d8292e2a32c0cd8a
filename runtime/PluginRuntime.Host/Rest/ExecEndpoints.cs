using System.Text.Json;
using PluginRuntime.Core.Engine;
using PluginRuntime.Sdk.Hosting;

namespace PluginRuntime.Host.Rest;

/// <summary>
/// <c>POST systems/{sys}/{module}/{method}</c>: runs a method with the body as its arguments (a JSON array for
/// positional, an object for named, empty for none) and answers with the method's result as raw JSON.
/// </summary>
internal static class ExecEndpoints
{
    public static RouteGroupBuilder MapExec(this RouteGroupBuilder api)
    {
        api.MapPost("/systems/{sys}/{module}/{method}", async (string sys, string module, string method, HttpContext http, RuntimeEngine engine) =>
            {
                var caller = RestAuthenticationFilter.CallerOf(http);
                var cancellation = http.RequestAborted;
                JsonElement args;
                try
                {
                    args = await ReadArgumentsAsync(http.Request, cancellation);
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
            .Accepts<JsonElement>("application/json")
            .Produces<JsonElement>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status502BadGateway)
            .ProducesProblem(StatusCodes.Status500InternalServerError);
        return api;
    }

    /// <summary>The body as JSON; an empty body is no arguments (undefined), which suits methods without parameters.</summary>
    private static async Task<JsonElement> ReadArgumentsAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, cancellationToken);
        var bytes = body.GetBuffer().AsMemory(0, (int)body.Length);
        if (bytes.Span.Trim(" \t\r\n"u8).IsEmpty)
        {
            return default;
        }
        using var document = JsonDocument.Parse(bytes);
        return document.RootElement.Clone();
    }
}
