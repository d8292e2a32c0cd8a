using System.Net;
using PluginRuntime.Host.Realtime;

namespace PluginRuntime.Host.Tests.Support;

/// <summary>
/// Sends a websocket upgrade request with HttpClient, for upgrades the server refuses: ClientWebSocket reports the
/// status but not the body, and the body is where the server says what to do.
/// </summary>
internal static class RefusedUpgrade
{
    public static async Task<(HttpStatusCode Status, string Body)> SendAsync(Uri httpAddress, Action<HttpRequestMessage> configure)
    {
        using var http = new HttpClient { BaseAddress = httpAddress, Timeout = TaskTimeouts.Limit };
        using var request = new HttpRequestMessage(HttpMethod.Get, RealtimeEndpoint.Path);
        request.Headers.Connection.Add("Upgrade");
        request.Headers.Upgrade.Add(new System.Net.Http.Headers.ProductHeaderValue("websocket"));
        request.Headers.Add("Sec-WebSocket-Version", "13");
        request.Headers.Add("Sec-WebSocket-Key", Convert.ToBase64String(Guid.NewGuid().ToByteArray()));
        configure(request);
        using var response = await http.SendAsync(request).WithTimeout("the upgrade response");
        Assert.NotEqual(HttpStatusCode.SwitchingProtocols, response.StatusCode);
        return (response.StatusCode, await response.Content.ReadAsStringAsync().WithTimeout("the refusal's body"));
    }
}
