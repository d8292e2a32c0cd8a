using PluginRuntime.Drivers.Resiot.Downlinks;
using PluginRuntime.Drivers.Resiot.Tests.Support;
using PluginRuntime.Sdk.Testing;

namespace PluginRuntime.Drivers.Resiot.Tests.Driver;

/// <summary>send_downlink: the seed's TX command out, its Success/Fail result back, with the SDK harness.</summary>
public sealed class DownlinkTests
{
    [Fact]
    public async Task Send_downlink_sends_the_seeds_tx_command_and_resolves_on_its_success()
    {
        await using var harness = await ResiotHarness.StartAsync();
        await harness.SendAsync(Seed.Join());

        var call = harness.ExecNamed("send_downlink", new { dev_eui = "0732227A557D8679", port = 50, payload = "484921", confirm = true });
        var command = await harness.NextSentJsonAsync().WithTimeout("the TX command");
        string reference = command["Reference"]!.GetValue<string>();
        await harness.SendAsync(Seed.Result("Success", "", reference));
        var result = await call.WithTimeout("send_downlink to resolve");

        Assert.Equal(
            $$"""{"function":"TX","Payload":"484921","AppEui":"{{Seed.AppEui}}","DevEui":"{{Seed.DevEui}}","Connector":"","Port":50,"Reference":"{{reference}}","Raw":false,"Confirm":true}""",
            command.Compact());
        Assert.Matches("^pr-[0-9a-f]{16}$", reference);
        Assert.Equal($$"""{"reference":"{{reference}}","result":"Success","dev_eui":"{{Seed.DevEui}}","port":50}""", result.Raw());
        Assert.Equal("Success", harness.Json("last_downlink")!["result"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_raw_payload_is_sent_as_it_is_with_the_configured_app_eui_and_connector()
    {
        await using var harness = await ResiotHarness.StartAsync(new { app_eui = "ABCDEF1234567890", connector = "636f6e313332" });

        var call = harness.ExecNamed("send_downlink", new { dev_eui = "0987654321abcdef", port = 50, payload = "HI!", raw = true });
        var command = await harness.NextSentJsonAsync().WithTimeout("the TX command");
        await harness.SendAsync(Seed.Result("Success", "", command["Reference"]!.GetValue<string>()));
        await call.WithTimeout("send_downlink to resolve");

        Assert.Equal("HI!", command["Payload"]!.GetValue<string>());
        Assert.True(command["Raw"]!.GetValue<bool>());
        Assert.Equal("abcdef1234567890", command["AppEui"]!.GetValue<string>());
        Assert.Equal("636f6e313332", command["Connector"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_fail_result_fails_the_call_with_the_servers_details()
    {
        await using var harness = await ResiotHarness.StartAsync(new { app_eui = Seed.AppEui });

        var call = harness.ExecNamed("send_downlink", new { dev_eui = Seed.DevEui, port = 1, payload = "00" });
        var command = await harness.NextSentJsonAsync().WithTimeout("the TX command");
        string reference = command["Reference"]!.GetValue<string>();
        await harness.SendAsync(Seed.Result("Fail", "Device not found", reference));
        var error = await Assert.ThrowsAsync<ResiotDownlinkException>(() => call.WithTimeout("send_downlink to fail"));

        Assert.Equal($"ResIOT refused the downlink to {Seed.DevEui} (reference '{reference}'): Device not found", error.Message);
        Assert.Equal("Device not found", harness.Json("last_downlink")!["details"]!.GetValue<string>());
    }

    [Fact]
    public async Task Results_are_matched_by_reference_whatever_order_they_come_in()
    {
        await using var harness = await ResiotHarness.StartAsync(new { app_eui = Seed.AppEui });

        var first = harness.ExecNamed("send_downlink", new { dev_eui = Seed.DevEui, port = 1, payload = "01" });
        var firstRef = (await harness.NextSentJsonAsync().WithTimeout("the first TX"))["Reference"]!.GetValue<string>();
        var second = harness.ExecNamed("send_downlink", new { dev_eui = Seed.DevEui, port = 1, payload = "02" });
        var secondRef = (await harness.NextSentJsonAsync().WithTimeout("the second TX"))["Reference"]!.GetValue<string>();
        await harness.SendAsync(Seed.Result("Fail", "second failed", secondRef));
        await harness.SendAsync(Seed.Result("Success", "", "someone-elses-reference"));
        await harness.SendAsync(Seed.Result("Success", "", firstRef));

        Assert.Equal("Success", (await first.WithTimeout("the first call"))!.GetProperty("result").GetString());
        var error = await Assert.ThrowsAsync<ResiotDownlinkException>(() => second.WithTimeout("the second call"));
        Assert.EndsWith("second failed", error.Message);
        Assert.Contains(harness.Logs, l => l.Message.Contains("A TX result answers no waiting command (reference 'someone-elses-reference'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task No_result_within_the_timeout_fails_the_call_clearly()
    {
        await using var harness = await ResiotHarness.StartAsync(new { app_eui = Seed.AppEui, downlink_timeout_seconds = 5 });

        var call = harness.ExecNamed("send_downlink", new { dev_eui = Seed.DevEui, port = 1, payload = "00" });
        var reference = (await harness.NextSentJsonAsync().WithTimeout("the TX command"))["Reference"]!.GetValue<string>();
        await Eventually.TrueAsync(() => harness.Time.ActiveTimers > 0, "the downlink's timeout timer");
        harness.Time.Advance(TimeSpan.FromSeconds(5));
        var error = await Assert.ThrowsAsync<ResiotDownlinkException>(() => call.WithTimeout("the timeout"));

        Assert.Equal($"ResIOT did not answer the TX command '{reference}' within 5 s (downlink_timeout_seconds); it may or may not have been queued.", error.Message);
        // A late answer is harmless.
        await harness.SendAsync(Seed.Result("Success", "", reference));
        Assert.Empty(harness.Errors);
    }

    [Fact]
    public async Task Losing_the_connection_fails_the_waiting_downlinks()
    {
        await using var harness = await ResiotHarness.StartAsync(new { app_eui = Seed.AppEui });

        var call = harness.ExecNamed("send_downlink", new { dev_eui = Seed.DevEui, port = 1, payload = "00" });
        await harness.NextSentJsonAsync().WithTimeout("the TX command");
        await harness.Transport!.DropAsync();
        var error = await Assert.ThrowsAsync<ResiotDownlinkException>(() => call.WithTimeout("the call to fail"));

        Assert.StartsWith("The connection to ResIOT was lost before ResIOT answered the TX command", error.Message);
    }

    [Fact]
    public async Task A_device_with_no_known_app_eui_is_refused_before_anything_is_sent()
    {
        await using var harness = await ResiotHarness.StartAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => harness.ExecNamed("send_downlink", new { dev_eui = Seed.DevEui, port = 1, payload = "00" }).WithTimeout("the refusal"));

        Assert.StartsWith($"No AppEui is known for device {Seed.DevEui}: set devices.{Seed.DevEui}.app_eui or app_eui", error.Message);
        harness.Transport!.ShouldHaveSentNothingMore();
    }

    [Theory]
    [InlineData("0732227a557d86", 1, "00", "dev_eui should be an EUI of 16 hex digits, but is '0732227a557d86'.")]
    [InlineData(Seed.DevEui, 0, "00", "The FPort must be from 1 to 255.")]
    [InlineData(Seed.DevEui, 1, "HI!", "The payload 'HI!' is not hex (an even number of 0-9a-f digits); pass raw: true to send it as it is.")]
    public async Task Bad_arguments_are_refused_with_what_is_wrong(string devEui, int port, string payload, string message)
    {
        await using var harness = await ResiotHarness.StartAsync(new { app_eui = Seed.AppEui });

        var error = await Assert.ThrowsAnyAsync<Exception>(() => harness.ExecNamed("send_downlink", new { dev_eui = devEui, port, payload }).WithTimeout("the refusal"));

        Assert.StartsWith(message, error.Message);
        harness.Transport!.ShouldHaveSentNothingMore();
    }

    [Fact]
    public async Task Sending_while_disconnected_fails_at_once()
    {
        await using var harness = await DriverHarness<ResiotDriver>.StartAsync(new HarnessOptions { Stream = true, StartConnected = false, Settings = new { app_eui = Seed.AppEui } });

        await Assert.ThrowsAsync<PluginRuntime.Sdk.Transports.TransportNotConnectedException>(
            () => harness.ExecNamed("send_downlink", new { dev_eui = Seed.DevEui, port = 1, payload = "00" }).WithTimeout("the refusal"));
    }
}
