using System.Net;
using System.Net.WebSockets;
using Microsoft.Extensions.DependencyInjection;
using PluginRuntime.Core.Engine;
using PluginRuntime.Host.Realtime;
using PluginRuntime.Host.Tests.Support;
using static PluginRuntime.Host.Tests.Support.Frames;

namespace PluginRuntime.Host.Tests.Auth;

/// <summary>
/// The control websocket with the real authenticator: a cookie counts only from this host's origin, and an open
/// connection follows the config: a removed key closes it with 1008, a narrowed scope applies to its next command.
/// </summary>
public sealed class RealtimeCredentialTests : IAsyncLifetime
{
    private RestTestHost _host = null!;

    private Uri ControlUri => new(new Uri(_host.Http.BaseAddress!.ToString().Replace("http://", "ws://")), RealtimeEndpoint.Path);

    private string SameOrigin => _host.Http.BaseAddress!.GetLeftPart(UriPartial.Authority);

    public async Task InitializeAsync() => _host = await RestTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_cookie_credential_from_a_foreign_origin_is_refused_with_403_and_a_message()
    {
        var (status, body) = await RefusedUpgrade.SendAsync(_host.Http.BaseAddress!, request =>
        {
            request.Headers.Add("Cookie", $"api-key={RestTestHost.AdminKey}");
            request.Headers.Add("Origin", "https://evil.example");
        });

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.StartsWith("Forbidden: the credential came from the api-key cookie, and the page's origin 'https://evil.example' is not this host", body);
        Assert.Contains("X-API-Key header", body);
        Assert.DoesNotContain(RestTestHost.AdminKey, body);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_cookie_credential_from_this_hosts_origin_or_without_origin_connects(bool sendOrigin)
    {
        using var socket = new ClientWebSocket();
        socket.Options.Cookies = new CookieContainer();
        socket.Options.Cookies.Add(ControlUri, new Cookie("api-key", RestTestHost.AdminKey));
        if (sendOrigin)
        {
            socket.Options.SetRequestHeader("Origin", SameOrigin);
        }

        await socket.ConnectAsync(ControlUri, CancellationToken.None).WithTimeout("the same-origin cookie connect");

        Assert.Equal(WebSocketState.Open, socket.State);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None).WithTimeout("the close");
    }

    [Fact]
    public async Task A_header_credential_connects_from_any_origin()
    {
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("X-API-Key", RestTestHost.AdminKey);
        socket.Options.SetRequestHeader("Origin", "https://other.example");

        await socket.ConnectAsync(ControlUri, CancellationToken.None).WithTimeout("the header-key connect");

        Assert.Equal(WebSocketState.Open, socket.State);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None).WithTimeout("the close");
    }

    [Fact]
    public async Task Removing_the_key_from_the_config_closes_its_open_connection_with_1008()
    {
        await using var client = await RealtimeClient.ConnectAsync(ControlUri, RestTestHost.PanelKey);
        AssertSuccess(await client.RequestAsync(Bind(1, "Echo", "power", sys: "sys-l1"), "the bind before the edit"), 1);

        await ApplyAsync(RestTestHost.DefaultConfig.Replace("  - { name: panel, key: panel-key-0123456789, role: user, systems: [sys-l1] }\n", ""));

        var closed = await Assert.ThrowsAsync<InvalidOperationException>(() => client.ReceiveTextAsync("the close"));
        Assert.Contains("closed the connection", closed.Message);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, client.Socket.CloseStatus);
        Assert.Equal("credential revoked: API key not recognised (sent in the X-API-Key header)", client.Socket.CloseStatusDescription);
    }

    [Fact]
    public async Task Narrowing_the_keys_systems_applies_to_the_next_bind_on_an_open_connection()
    {
        // building: support in zone-bld, so sys-l1 and sys-l2; narrowed to sys-l2 only.
        await using var client = await RealtimeClient.ConnectAsync(ControlUri, RestTestHost.BuildingKey);
        AssertSuccess(await client.RequestAsync(Bind(1, "Echo", "power", sys: "sys-l2"), "a bind before the edit"), 1);

        await ApplyAsync(RestTestHost.DefaultConfig.Replace("role: support, zones: [zone-bld] }", "role: support, systems: [sys-l2] }"));

        Assert.Equal("'building' may not access system 'sys-l1'.",
            AssertError(await client.RequestAsync(Bind(2, "Echo", "power", sys: "sys-l1"), "the bind after narrowing"), 2));
        AssertSuccess(await client.RequestAsync(Bind(3, "Echo", "volume", sys: "sys-l2"), "a bind still in scope"), 3);
    }

    [Fact]
    public async Task Narrowing_the_scope_away_from_a_bound_system_closes_the_connection_with_1008()
    {
        await using var client = await RealtimeClient.ConnectAsync(ControlUri, RestTestHost.BuildingKey);
        AssertSuccess(await client.RequestAsync(Bind(1, "Echo", "power", sys: "sys-l1"), "the bind before the edit"), 1);

        await ApplyAsync(RestTestHost.DefaultConfig.Replace("role: support, zones: [zone-bld] }", "role: support, systems: [sys-l2] }"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => client.ReceiveTextAsync("the close"));
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, client.Socket.CloseStatus);
        Assert.Equal("credential scope changed: 'building' may no longer use system 'sys-l1'; reconnect", client.Socket.CloseStatusDescription);
    }

    /// <summary>Writes the config and applies it now (as the folder watcher would after its debounce).</summary>
    private async Task ApplyAsync(string config)
    {
        _host.WriteConfig(config);
        var result = await _host.Services.GetRequiredService<RuntimeEngine>().LoadAndApplyAsync(_host.Folder).WithTimeout("the config edit to apply");
        Assert.True(result.Succeeded, "config should be valid:\n" + string.Join("\n", result.Errors));
    }
}
