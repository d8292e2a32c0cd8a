using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using PluginRuntime.Host.Tests.Contracts.Support;
using PluginRuntime.Host.Tests.Support;

namespace PluginRuntime.Host.Tests.Rest;

/// <summary>The specs the host ships (the repository's specs/*.yaml, copied next to the binary) served over REST.</summary>
[Collection(RestHostCollection.Name)]
public sealed class SpecEndpointsTests(RestHostFixture fixture)
{
    private RestTestHost Host => fixture.Host;

    [Fact]
    public async Task The_list_names_every_spec_in_the_repository_with_its_title_version_and_url()
    {
        using var response = await Host.SendAsync(RestTestHost.Get("/api/engine/v2/specs"));
        var body = await response.Content.ReadAsStringAsync().WithTimeout("the spec list");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var listed = JsonDocument.Parse(body).RootElement.EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!);
        var inRepository = Directory.GetFiles(Path.Combine(RepoPaths.Root, "specs"), "*.yaml")
            .Select(f => Path.GetFileName(f).Replace(".asyncapi.yaml", "", StringComparison.Ordinal).Replace(".yaml", "", StringComparison.Ordinal));
        Assert.Equal(inRepository.Order(StringComparer.Ordinal), listed.Keys.Order(StringComparer.Ordinal));
        var mqtt = listed["placeos-mqtt"];
        Assert.Equal(("PlaceOS MQTT state and metadata", "1.0.0", "/api/engine/v2/specs/placeos-mqtt"),
            (mqtt.GetProperty("title").GetString(), mqtt.GetProperty("version").GetString(), mqtt.GetProperty("url").GetString()));
        Assert.Equal("PlaceOS control websocket", listed["placeos-control-websocket"].GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_spec_is_served_as_the_yaml_file_itself()
    {
        using var response = await Host.SendAsync(RestTestHost.Get("/api/engine/v2/specs/placeos-control-websocket", RestTestHost.PanelKey));
        var body = await response.Content.ReadAsStringAsync().WithTimeout("the spec");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/yaml", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "specs", "placeos-control-websocket.asyncapi.yaml")), body);
    }

    [Fact]
    public async Task Format_json_gives_the_same_document_as_json_with_yaml_types()
    {
        using var response = await Host.SendAsync(RestTestHost.Get("/api/engine/v2/specs/placeos-mqtt?format=json"));
        var body = await response.Content.ReadAsStringAsync().WithTimeout("the spec as JSON");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var served = JsonNode.Parse(body)!;
        Assert.Equal("3.0.0", served["asyncapi"]!.GetValue<string>());
        Assert.Equal(1, served["operations"]!["publishState"]!["bindings"]!["mqtt"]!["qos"]!.GetValue<int>());
        Assert.True(served["operations"]!["publishState"]!["bindings"]!["mqtt"]!["retain"]!.GetValue<bool>());
        // The test's own YAML reading agrees with the host's, value for value.
        var expected = YamlToJson.Read(Path.Combine(RepoPaths.Root, "specs", "placeos-mqtt.asyncapi.yaml"));
        Assert.True(JsonNode.DeepEquals(expected, served), "the JSON form should hold the same document as the YAML");
    }

    [Fact]
    public async Task An_unknown_spec_is_404_and_says_which_exist()
    {
        using var response = await Host.SendAsync(RestTestHost.Get("/api/engine/v2/specs/nope"));

        var problem = await ProblemAssert.StartsWithAsync(response, HttpStatusCode.NotFound, 1, "No spec named 'nope'. Specs: ");
        Assert.Contains("placeos-mqtt", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("/api/engine/v2/specs/..%2F..%2Fruntime.yaml")]
    [InlineData("/api/engine/v2/specs/placeos-mqtt.asyncapi.yaml")]
    public async Task Only_listed_names_are_served(string path)
    {
        using var response = await Host.SendAsync(RestTestHost.Get(path));

        await ProblemAssert.StartsWithAsync(response, HttpStatusCode.NotFound, 1, "No spec named ");
    }

    [Fact]
    public async Task An_unknown_format_is_a_bad_request()
    {
        using var response = await Host.SendAsync(RestTestHost.Get("/api/engine/v2/specs/placeos-mqtt?format=xml"));

        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, 1, "format must be yaml (the default) or json, not 'xml'.");
    }

    [Theory]
    [InlineData("/api/engine/v2/specs")]
    [InlineData("/api/engine/v2/specs/placeos-mqtt")]
    public async Task Specs_need_the_same_credentials_as_the_rest_of_the_api(string path)
    {
        using var anonymous = await Host.SendAsync(RestTestHost.Get(path, apiKey: null));
        await ProblemAssert.StartsWithAsync(anonymous, HttpStatusCode.Unauthorized, 2, "");

        using var wrong = await Host.SendAsync(RestTestHost.Get(path, apiKey: "not-a-key"));
        await ProblemAssert.StartsWithAsync(wrong, HttpStatusCode.Unauthorized, 2, "");

        using var bearer = await Host.SendAsync(RestTestHost.WithBearer(RestTestHost.Get(path, apiKey: null),
            JwtTestTokens.Hs256(RestTestHost.JwtSecret, "alice", JwtTestTokens.InOneHour)));
        Assert.Equal(HttpStatusCode.OK, bearer.StatusCode);
    }
}
