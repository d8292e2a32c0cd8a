using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PluginRuntime.Host.Tests.Support;

namespace PluginRuntime.Host.Tests.Rest;

/// <summary><c>Specs:Folder</c> points the host at another spec folder, read per request; a broken spec doesn't hide the others.</summary>
public sealed class SpecFolderOptionTests : IAsyncLifetime
{
    private readonly string _specs = Directory.CreateTempSubdirectory("pr-specs-").FullName;
    private readonly string _config = Directory.CreateTempSubdirectory("pr-specs-config-").FullName;
    private Microsoft.AspNetCore.Builder.WebApplication _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        File.WriteAllText(Path.Combine(_config, "runtime.yaml"),
            RestTestHost.DefaultConfig.Replace("{behaviours}", RestTestPaths.Behaviours, StringComparison.Ordinal));
        string[] args = ["--urls", "http://127.0.0.1:0", $"--Specs:Folder={_specs}"];
        _app = RuntimeHost.Build(new HostCommandLine(_config, false, null), args, builder => builder.Logging.ClearProviders());
        await _app.StartAsync().WithTimeout("the host to start");
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        _http = new HttpClient { BaseAddress = new Uri(address), Timeout = TaskTimeouts.Limit };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync().WithTimeout("the host to stop");
        await _app.DisposeAsync();
        Directory.Delete(_specs, recursive: true);
        Directory.Delete(_config, recursive: true);
    }

    [Fact]
    public async Task Specs_come_from_the_configured_folder_and_one_added_later_is_served_without_a_restart()
    {
        Assert.Equal("[]", await GetStringAsync("/api/engine/v2/specs"));

        await File.WriteAllTextAsync(Path.Combine(_specs, "door.asyncapi.yaml"), "asyncapi: 3.0.0\ninfo: { title: Door, version: '2.1' }\n");
        await File.WriteAllTextAsync(Path.Combine(_specs, "notes.txt"), "not a spec");

        Assert.Equal("""[{"name":"door","title":"Door","version":"2.1","url":"/api/engine/v2/specs/door"}]""", await GetStringAsync("/api/engine/v2/specs"));
        var json = JsonDocument.Parse(await GetStringAsync("/api/engine/v2/specs/door?format=json")).RootElement;
        Assert.Equal(("3.0.0", "2.1"), (json.GetProperty("asyncapi").GetString(), json.GetProperty("info").GetProperty("version").GetString()));
    }

    [Fact]
    public async Task A_spec_that_is_not_yaml_is_listed_without_title_and_its_json_form_says_where_it_breaks()
    {
        await File.WriteAllTextAsync(Path.Combine(_specs, "broken.yaml"), "info:\n  title: [unclosed\n");

        Assert.Equal("""[{"name":"broken","title":null,"version":null,"url":"/api/engine/v2/specs/broken"}]""", await GetStringAsync("/api/engine/v2/specs"));
        Assert.Equal("info:\n  title: [unclosed\n", await GetStringAsync("/api/engine/v2/specs/broken"));
        using var response = await _http.SendAsync(Get("/api/engine/v2/specs/broken?format=json")).WithTimeout("the broken spec as JSON");
        await ProblemAssert.StartsWithAsync(response, HttpStatusCode.InternalServerError, 7, "Spec 'broken' is not valid YAML (broken.yaml:");
    }

    private async Task<string> GetStringAsync(string path)
    {
        using var response = await _http.SendAsync(Get(path)).WithTimeout($"GET {path}");
        var body = await response.Content.ReadAsStringAsync().WithTimeout($"the body of {path}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} gave {(int)response.StatusCode}: {body}");
        return body;
    }

    private static HttpRequestMessage Get(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-API-Key", RestTestHost.AdminKey);
        return request;
    }
}
