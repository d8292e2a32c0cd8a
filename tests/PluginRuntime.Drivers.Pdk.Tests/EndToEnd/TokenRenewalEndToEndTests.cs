namespace PluginRuntime.Drivers.Pdk.Tests.EndToEnd;

public sealed class TokenRenewalEndToEndTests
{
    [Fact]
    public async Task After_the_token_expires_a_new_one_is_fetched_and_every_missed_event_is_applied_once()
    {
        await using var session = await PanelSession.StartAsync(url => new
        {
            panel_url = url, token_url = url + "/token", spec_path = Support.Settings.PdkSpec,
        });
        await session.Panel.ControlAsync(new { op = "event", topic = "door.request.allowed", doorId = 1, personId = 1 });
        await session.Driver.HandledAsync("liveEvent", "the first access event");

        // The token endpoint holds its answer, so every event below occurs while the token is expired.
        await session.Panel.ControlAsync(new { op = "hold-tokens" });
        await session.Panel.ControlAsync(new { op = "expire-token" });
        await session.Panel.ControlAsync(new { op = "event", topic = "door.request.denied", doorId = 2, personId = 2 });
        await session.Panel.WaitForEventAsync("token-request-held", "the driver to ask for a new token");
        await session.Panel.ControlAsync(new { op = "event", topic = "door.input.dps.opened", doorId = 2 });
        await session.Panel.ControlAsync(new { op = "event", topic = "door.request.allowed", doorId = 3, personId = 1 });
        await session.Panel.ControlAsync(new { op = "release-tokens" });
        var renewal = await session.Panel.WaitForEventAsync("renewedToken", "the driver to renew its token");
        var replayed = await session.Panel.WaitForEventAsync("replayed", "the panel to replay the missed events");
        await session.Driver.HandledAsync("door.request.allowed", "the last replayed access event");
        await session.Driver.HandledAsync("liveEvent", "the last replayed live event");

        Assert.StartsWith("panel-token-", renewal.GetProperty("token").GetString(), StringComparison.Ordinal);
        Assert.Equal(5, replayed.GetProperty("count").GetInt32()); // 3 events and the live events of the 2 requests
        var results = session.Harness.Status.Changes.Where(c => c.Key == "last_access")
            .Select(c => $"{c.Value!.Value.GetProperty("result").GetString()}@{c.Value!.Value.GetProperty("door_id").GetInt32()}");
        Assert.Equal(["allowed@1", "denied@2", "allowed@3"], results);
        Assert.True(session.Harness.Status["door_2"]!.Value.GetProperty("open").GetBoolean());
        Assert.Equal(1, session.Harness.Status.Get<int>("token_renewals"));
    }
}
