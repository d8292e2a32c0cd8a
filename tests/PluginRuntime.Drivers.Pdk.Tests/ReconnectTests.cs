using PluginRuntime.Drivers.Pdk.Connection;
using PluginRuntime.Drivers.Pdk.Tests.Support;

namespace PluginRuntime.Drivers.Pdk.Tests;

public sealed class ReconnectTests
{
    [Fact]
    public async Task A_dropped_connection_is_retried_with_growing_backoff_until_it_connects()
    {
        await using var harness = await PdkHarness.StartAsync();
        var panel = harness.Driver.Panel;
        await panel.NextConnectAsync("the first connect");

        panel.RefuseNext = new PanelConnectionException("connection refused");
        panel.Drop("transport close");
        Assert.False(harness.Status.Get<bool>("connected"));

        await harness.AdvanceAsync(TimeSpan.FromSeconds(0.9));
        Assert.Equal(1, panel.ConnectAttempts);
        await harness.AdvanceAsync(TimeSpan.FromSeconds(0.1));
        await panel.NextConnectAsync("the first retry, 1 s after the drop");
        Assert.False(harness.Status.Get<bool>("connected"));

        await harness.AdvanceAsync(TimeSpan.FromSeconds(1.9));
        Assert.Equal(2, panel.ConnectAttempts);
        await harness.AdvanceAsync(TimeSpan.FromSeconds(0.1));
        await panel.NextConnectAsync("the second retry, 2 s after the first");

        Assert.True(harness.Status.Get<bool>("connected"));
        panel.Deliver("door.input.dps.opened", PdkEvents.Door("door.input.dps.opened"));
        Assert.True(harness.Status["door_1"]!.Value.GetProperty("open").GetBoolean());
    }

    [Fact]
    public async Task The_backoff_stops_growing_at_its_maximum()
    {
        await using var harness = await PdkHarness.StartAsync(new
        {
            panel_url = "http://127.0.0.1:6006", token = "t", spec_path = Settings.PdkSpec, reconnect_min_seconds = 1, reconnect_max_seconds = 4,
        });
        var panel = harness.Driver.Panel;
        await panel.NextConnectAsync("the first connect");

        panel.RefuseNext = new PanelConnectionException("refused");
        panel.Drop("ping timeout");
        foreach (int seconds in new[] { 1, 2, 4 })
        {
            panel.RefuseNext = new PanelConnectionException("refused");
            await harness.AdvanceAsync(TimeSpan.FromSeconds(seconds));
            await panel.NextConnectAsync($"the retry after {seconds} s");
        }
        await harness.AdvanceAsync(TimeSpan.FromSeconds(4));
        await panel.NextConnectAsync("the retry after the maximum, 4 s");

        Assert.Equal(5, panel.ConnectAttempts);
        Assert.True(harness.Status.Get<bool>("connected"));
    }
}
