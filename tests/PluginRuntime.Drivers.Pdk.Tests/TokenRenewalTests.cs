using PluginRuntime.Drivers.Pdk.Tests.Support;

namespace PluginRuntime.Drivers.Pdk.Tests;

public sealed class TokenRenewalTests
{
    [Fact]
    public async Task The_driver_connects_with_the_configured_token()
    {
        await using var harness = await PdkHarness.StartAsync();

        Assert.Equal("token-1", await harness.Driver.Panel.NextConnectAsync("the first connect"));
        Assert.True(harness.Status.Get<bool>("connected"));
    }

    [Fact]
    public async Task Invalid_token_is_answered_once_with_renewed_token_carrying_the_current_token()
    {
        await using var harness = await PdkHarness.StartAsync();
        await harness.ChangeSettingsAsync(new { panel_url = "http://127.0.0.1:6006", token = "token-2", spec_path = Settings.PdkSpec });
        await harness.Driver.Panel.NextConnectAsync("the first connect");
        Assert.Equal("token-2", await harness.Driver.Panel.NextConnectAsync("the reconnect with the new settings"));

        harness.Driver.Panel.Deliver("invalidToken", null);
        var (eventName, payload) = await harness.Driver.Panel.NextEmitAsync("the renewal");

        Assert.Equal("renewedToken", eventName);
        Assert.Equal("""{"token":"token-2"}""", payload.ToJsonString());
        Assert.Equal(1, harness.Status.Get<int>("token_renewals"));
        Assert.False(harness.Status.Has("last_event")); // invalidToken stands in for an event; it is not one
    }

    [Fact]
    public async Task Events_replayed_after_renewal_are_applied_once_each()
    {
        await using var harness = await PdkHarness.StartAsync();

        harness.Driver.Panel.Deliver("door.request.allowed", PdkEvents.Allowed("e-1"));
        harness.Driver.Panel.Deliver("invalidToken", null);
        await harness.Driver.Panel.NextEmitAsync("the renewal");
        // The panel emits what occurred while the token was expired; a panel that also repeats an event already
        // delivered (e-1) must not make the driver apply it twice.
        harness.Driver.Panel.Deliver("door.request.allowed", PdkEvents.Allowed("e-1"));
        harness.Driver.Panel.Deliver("door.request.allowed", PdkEvents.Allowed("e-2"));
        harness.Driver.Panel.Deliver("door.request.denied", PdkEvents.Denied("e-3"));

        Assert.Equal(["e-1", "e-2", "e-3"], harness.Status.Changes.Where(c => c.Key == "last_access").Select(c => c.Value!.Value.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Invalid_tokens_sent_before_the_panel_saw_the_renewal_do_not_renew_again_but_a_later_expiry_does()
    {
        await using var harness = await PdkHarness.StartAsync();
        harness.Driver.Panel.Deliver("invalidToken", null);
        await harness.Driver.Panel.NextEmitAsync("the renewal");

        harness.Driver.Panel.Deliver("invalidToken", null);
        harness.Driver.Panel.Deliver("invalidToken", null);
        Assert.False(harness.Driver.Panel.HasEmitted);

        harness.Driver.Panel.Deliver("door.input.dps.opened", PdkEvents.Door("door.input.dps.opened"));
        harness.Driver.Panel.Deliver("invalidToken", null);
        var (eventName, _) = await harness.Driver.Panel.NextEmitAsync("the second renewal");
        Assert.Equal("renewedToken", eventName);
        Assert.Equal(2, harness.Status.Get<int>("token_renewals"));
    }
}
