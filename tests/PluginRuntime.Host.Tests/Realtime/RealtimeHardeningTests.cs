using System.Net;
using System.Net.WebSockets;
using PluginRuntime.Host.Realtime;
using PluginRuntime.Host.Tests.Support;
using static PluginRuntime.Host.Tests.Support.Frames;

namespace PluginRuntime.Host.Tests.Realtime;

/// <summary>
/// What one client can make the server hold or do: bounded bindings and field lengths, hostile JSON that is a parse
/// error (not a dead connection), a cap on connections per caller, '_' modules, and debug by module id.
/// </summary>
public sealed class RealtimeHardeningTests : IAsyncLifetime
{
    /// <summary>The default systems, plus mod-echo-c only in sys-2 and an internal module _Secret in sys-1.</summary>
    private const string Config = """
        drivers:
          - id: echo
            assembly: {behaviours}
            class: TestDrivers.Behaviours.EchoDriver
        modules:
          - { id: mod-echo-a, driver: echo }
          - { id: mod-echo-b, driver: echo }
          - { id: mod-echo-c, driver: echo, name: Other }
          - { id: mod-secret, driver: echo, name: _Secret }
        systems:
          - { id: sys-1, name: One, modules: [mod-echo-a, mod-echo-b, mod-secret] }
          - { id: sys-2, name: Two, modules: [mod-echo-b, mod-echo-c] }
        """;

    private RealtimeTestHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await RealtimeTestHost.StartAsync(Config, new RealtimeOptions { MaxBindings = 3, MaxConnectionsPerCaller = 2 });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_bind_past_max_bindings_is_code_1_naming_the_limit_until_the_client_unbinds()
    {
        await using var client = await _host.ConnectAsync();
        for (int id = 1; id <= 3; id++)
        {
            AssertSuccess(await client.RequestAsync(Bind(id, "Echo", $"key{id}"), $"bind {id}"), id);
        }

        string message = AssertError(await client.RequestAsync(Bind(4, "Echo", "key4"), "the bind past the limit"), 1);
        Assert.Equal("This connection already has 3 bindings, the most allowed (RealtimeOptions.MaxBindings); unbind some first.", message);
        Assert.Equal(3, _host.SingleConnection().BindingCount);

        // Binding what is already bound takes no new place, and unbinding frees one.
        AssertSuccess(await client.RequestAsync(Bind(5, "Echo", "key1"), "a rebind at the limit"), 5);
        AssertSuccess(await client.RequestAsync(Unbind(6, "Echo", "key1"), "the unbind"), 6);
        AssertSuccess(await client.RequestAsync(Bind(7, "Echo", "key4"), "the bind after unbinding"), 7);
    }

    [Theory]
    [InlineData("sys")]
    [InlineData("mod")]
    [InlineData("name")]
    public async Task A_sys_mod_or_name_longer_than_256_bytes_is_code_1_naming_the_limit(string field)
    {
        await using var client = await _host.ConnectAsync();
        var fields = new Dictionary<string, string> { ["sys"] = "sys-1", ["mod"] = "Echo", ["name"] = "power" };
        fields[field] = new string('x', 257);

        var reply = await client.RequestAsync(
            $$"""{"id":1,"cmd":"bind","sys":"{{fields["sys"]}}","mod":"{{fields["mod"]}}","name":"{{fields["name"]}}"}""", "the long field's error");

        Assert.Equal($"{field} is 257 bytes long; at most 256 are accepted (RealtimeOptions.MaxFieldBytes).", AssertError(reply, 1));
        Assert.Equal(0, _host.SingleConnection().BindingCount);
        // 256 bytes is still fine (escaped longer on the wire: the limit is on the value).
        string escaped = string.Concat(Enumerable.Repeat("\\u0078", 256));
        AssertSuccess(await client.RequestAsync($$"""{"id":2,"cmd":"bind","sys":"sys-1","mod":"Echo","name":"{{escaped}}"}""", "a 256-byte name"), 2);
    }

    [Theory]
    [InlineData("""{"id":1,"cmd":"\ud800"}""")]
    [InlineData("""{"\ud800":1}""")]
    [InlineData("""{"id":1,"cmd":"bind","sys":"sys-1","mod":"Echo","name":"\udfff"}""")]
    public async Task An_escaped_lone_surrogate_is_a_parse_error_and_the_connection_stays_usable(string message)
    {
        await using var client = await _host.ConnectAsync();

        var reply = await client.RequestAsync(message, "the parse error");

        Assert.StartsWith("Invalid JSON: a string contains an escaped lone surrogate", AssertError(reply, 0));
        AssertSuccess(await client.RequestAsync(Bind(2, "Echo", "power"), "a bind on the same connection"), 2);
    }

    [Fact]
    public async Task A_caller_past_its_connection_cap_gets_429_and_others_are_unaffected()
    {
        await using var first = await _host.ConnectAsync();
        await using var second = await _host.ConnectAsync();

        using var third = new ClientWebSocket();
        third.Options.CollectHttpResponseDetails = true;
        third.Options.SetRequestHeader("X-API-Key", TestAuthenticator.Admin);
        await Assert.ThrowsAsync<WebSocketException>(() => third.ConnectAsync(_host.ControlUri, CancellationToken.None).WithTimeout("the refused connect"));
        Assert.Equal(HttpStatusCode.TooManyRequests, third.HttpStatusCode);

        var (status, body) = await RefusedUpgrade.SendAsync(_host.HttpAddress, r => r.Headers.Add("X-API-Key", TestAuthenticator.Admin));
        Assert.Equal(HttpStatusCode.TooManyRequests, status);
        Assert.StartsWith("Too many connections: 'test-admin' already has 2 open, the most allowed (RealtimeOptions.MaxConnectionsPerCaller).", body);
        await using var other = await _host.ConnectAsync(TestAuthenticator.User);
        AssertSuccess(await first.RequestAsync(Bind(1, "Echo", "power"), "the first connection still works"), 1);
    }

    [Fact]
    public async Task An_internal_module_needs_support_for_bind_and_debug()
    {
        await using var user = await _host.ConnectAsync(TestAuthenticator.User);
        await using var admin = await _host.ConnectAsync();

        const string needsSupport = "Module '_Secret' is internal ('_' prefix) and needs support clearance.";
        Assert.Equal(needsSupport, AssertError(await user.RequestAsync(Bind(1, "_Secret", "power"), "the user's bind"), 2));
        Assert.Equal(needsSupport, AssertError(await user.RequestAsync("""{"id":2,"cmd":"debug","sys":"sys-1","mod":"_Secret"}""", "the user's debug"), 2));
        // By id the module's real name counts, not the id.
        Assert.Equal(needsSupport, AssertError(await user.RequestAsync("""{"id":3,"cmd":"debug","sys":"sys-1","mod":"mod-secret"}""", "the user's debug by id"), 2));
        AssertSuccess(await admin.RequestAsync(Bind(4, "_Secret", "power"), "the admin's bind"), 4);
    }

    [Fact]
    public async Task Debug_accepts_a_module_id_only_in_a_system_that_lists_it()
    {
        await using var client = await _host.ConnectAsync(TestAuthenticator.User); // sys-1 only

        var byId = AssertSuccess(await client.RequestAsync("""{"id":1,"cmd":"debug","sys":"sys-1","mod":"mod-echo-b"}""", "debug by id in sys-1"), 1);
        Assert.Equal("mod-echo-b", byId.GetProperty("mod_id").GetString());
        Assert.True(_host.Engine.LogTap.IsWatched("mod-echo-b"));

        // mod-echo-c exists, but not in sys-1: naming it there doesn't reach it.
        Assert.StartsWith("System 'sys-1' has no module mod-echo-c_1.",
            AssertError(await client.RequestAsync("""{"id":2,"cmd":"debug","sys":"sys-1","mod":"mod-echo-c"}""", "debug of another system's id"), 6));
        Assert.False(_host.Engine.LogTap.IsWatched("mod-echo-c"));
    }

    [Fact]
    public async Task Debug_by_module_id_without_sys_needs_a_system_the_caller_may_access()
    {
        await using var client = await _host.ConnectAsync(TestAuthenticator.User); // sys-1 only

        // mod-echo-b is in sys-1 and sys-2: sys-1 is enough.
        AssertSuccess(await client.RequestAsync("""{"id":1,"cmd":"debug","mod":"mod-echo-b"}""", "debug by id without sys"), 1);
        Assert.Equal("'test-user' may not access module 'mod-echo-c'.",
            AssertError(await client.RequestAsync("""{"id":2,"cmd":"debug","mod":"mod-echo-c"}""", "debug of an id only in sys-2"), 2));
        Assert.Equal(6, (await client.RequestAsync("""{"id":3,"cmd":"debug","mod":"mod-nope"}""", "debug of an unknown id")).GetProperty("code").GetInt32());
        Assert.False(_host.Engine.LogTap.IsWatched("mod-echo-c"));
    }
}
