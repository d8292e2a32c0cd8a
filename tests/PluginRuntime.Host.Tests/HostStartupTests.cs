using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using PluginRuntime.Host.Auth;

namespace PluginRuntime.Host.Tests;

/// <summary>The host as a user runs it: the repo's demo config, Kestrel on loopback, a real HTTP client.</summary>
public sealed class HostStartupTests
{
    [Fact]
    public async Task The_demo_config_starts_every_module_and_health_says_so()
    {
        var options = HostCommandLine.Parse(["--urls", "http://127.0.0.1:0"]);
        Assert.Null(options.Error);
        Assert.EndsWith(Path.Combine("config", "demo"), options.ConfigFolder);

        await using var app = RuntimeHost.Build(options, ["--urls", "http://127.0.0.1:0"]);
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        try
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            Assert.StartsWith("http://127.0.0.1:", address);
            using var http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(10) };
            // Health details (modules, errors) are for authenticated callers; the demo config's key is one.
            http.DefaultRequestHeaders.Add("X-API-Key", DemoKeyWarning.DemoKey);

            var health = await http.GetFromJsonAsync<JsonElement>("/api/engine/v2/health");

            Assert.Equal("ok", health.GetProperty("status").GetString());
            var modules = health.GetProperty("modules").EnumerateArray().ToArray();
            Assert.Equal(
                ["mod-bookings-boardroom", "mod-bookings-huddle", "mod-calendar-boardroom", "mod-calendar-huddle", "mod-door-lobby", "mod-thermostat-boardroom", "mod-thermostat-huddle"],
                modules.Select(m => m.GetProperty("id").GetString()));
            Assert.All(modules, m => Assert.True(m.GetProperty("running").GetBoolean()));
            Assert.Empty(health.GetProperty("config_errors").EnumerateArray());
        }
        finally
        {
            await app.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    [Theory]
    [InlineData(new[] { "a", "b" }, "Only one config folder can be given; got 'a' and 'b'.")]
    [InlineData(new[] { "/definitely/not/here" }, "Config folder '/definitely/not/here' does not exist.")]
    public void Bad_command_lines_are_explained(string[] args, string error) =>
        Assert.Equal(error, HostCommandLine.Parse(args).Error);

    [Fact]
    public void The_config_folder_is_kept_out_of_the_arguments_aspnet_reads()
    {
        // ASP.NET reads "/abs/path" as a "/key" switch and would swallow the option after it.
        var folder = Path.GetTempPath().TrimEnd('/');
        var options = HostCommandLine.Parse([folder, "--urls", "http://127.0.0.1:0", "--Specs:Folder=x"]);

        Assert.Null(options.Error);
        Assert.Equal(folder, options.ConfigFolder);
        Assert.Equal(["--urls", "http://127.0.0.1:0", "--Specs:Folder=x"], options.FrameworkArgs);
    }
}
