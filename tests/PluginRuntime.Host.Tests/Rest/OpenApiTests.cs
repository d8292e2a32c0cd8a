using System.Net;
using System.Text.Json;
using PluginRuntime.Host.Tests.Support;

namespace PluginRuntime.Host.Tests.Rest;

/// <summary>The OpenAPI document describes the REST face and how to authenticate.</summary>
[Collection(RestHostCollection.Name)]
public sealed class OpenApiTests(RestHostFixture fixture)
{
    [Fact]
    public async Task The_openapi_document_lists_every_route_and_both_credential_schemes()
    {
        using var response = await fixture.Host.SendAsync(RestTestHost.Get("/openapi/v1.json", apiKey: null));
        var body = await response.Content.ReadAsStringAsync().WithTimeout("the OpenAPI document");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(body);
        var paths = document.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal([
            "/api/engine/v2/config/status",
            "/api/engine/v2/drivers",
            "/api/engine/v2/health",
            "/api/engine/v2/modules",
            "/api/engine/v2/modules/{id}",
            "/api/engine/v2/modules/{id}/state",
            "/api/engine/v2/specs",
            "/api/engine/v2/specs/{name}",
            "/api/engine/v2/systems",
            "/api/engine/v2/systems/{sys}",
            "/api/engine/v2/systems/{sys}/{module}/interface",
            "/api/engine/v2/systems/{sys}/{module}/state",
            "/api/engine/v2/systems/{sys}/{module}/state/{key}",
            "/api/engine/v2/systems/{sys}/{module}/{method}",
            "/api/engine/v2/zones",
        ], paths);
        var exec = document.RootElement.GetProperty("paths").GetProperty("/api/engine/v2/systems/{sys}/{module}/{method}").GetProperty("post");
        Assert.True(exec.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _), "exec's body should be documented as JSON");
        var schemes = document.RootElement.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("X-API-Key", schemes.GetProperty("api_key").GetProperty("name").GetString());
        Assert.Equal("bearer", schemes.GetProperty("bearer").GetProperty("scheme").GetString());
    }
}
