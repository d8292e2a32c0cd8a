using System.Net;
using System.Text;
using System.Text.Json;

namespace PluginRuntime.Sdk.Testing;

/// <summary>A request the driver made, held until the test answers it.</summary>
public sealed class ExpectedHttpRequest
{
    private readonly TaskCompletionSource<HttpResponseMessage> _response = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal ExpectedHttpRequest(HttpRequestMessage request, string? body)
    {
        Request = request;
        Body = body;
    }

    /// <summary>The request as sent.</summary>
    public HttpRequestMessage Request { get; }

    /// <summary>The request body as text, or null when it had none.</summary>
    public string? Body { get; }

    /// <summary>The request body parsed as JSON.</summary>
    public JsonElement Json => Body is null
        ? throw new HarnessAssertionException($"{Request.Method} {Request.RequestUri} had no body.")
        : JsonDocument.Parse(Body).RootElement.Clone();

    internal Task<HttpResponseMessage> Response => _response.Task;

    /// <summary>Answers with a status and an optional JSON body (an object serialised with the runtime's conventions, or JSON text).</summary>
    public void Respond(HttpStatusCode status, object? json = null)
    {
        var response = new HttpResponseMessage(status) { RequestMessage = Request };
        if (json is not null)
        {
            string text = json as string ?? JsonSerializer.Serialize(json, DriverJson.CreateOptions());
            response.Content = new StringContent(text, Encoding.UTF8, "application/json");
        }
        _response.TrySetResult(response);
    }

    /// <summary>Fails the request as a network error would.</summary>
    public void Fail(string reason) => _response.TrySetException(new HttpRequestException(reason));
}
