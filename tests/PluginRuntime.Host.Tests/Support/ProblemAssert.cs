using System.Net;
using System.Text.Json;

namespace PluginRuntime.Host.Tests.Support;

/// <summary>Asserts an RFC 7807 problem response: status, content type, websocket code and the exact detail.</summary>
internal static class ProblemAssert
{
    public static async Task<JsonElement> IsAsync(HttpResponseMessage response, HttpStatusCode status, int code, string detail)
    {
        var problem = await StartsWithAsync(response, status, code, detail);
        Assert.Equal(detail, problem.GetProperty("detail").GetString());
        return problem;
    }

    /// <summary>As <see cref="IsAsync"/>, for a detail that ends in text from elsewhere (a parser, a driver).</summary>
    public static async Task<JsonElement> StartsWithAsync(HttpResponseMessage response, HttpStatusCode status, int code, string detailStart)
    {
        var body = await response.Content.ReadAsStringAsync().WithTimeout("the problem body");
        Assert.True(status == response.StatusCode, $"expected {(int)status} but got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.Equal(code, problem.GetProperty("code").GetInt32());
        Assert.StartsWith(detailStart, problem.GetProperty("detail").GetString());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        return problem;
    }
}
