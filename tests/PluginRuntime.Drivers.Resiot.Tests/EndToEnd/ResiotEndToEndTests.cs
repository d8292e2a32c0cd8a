using System.Text.Json.Nodes;
using PluginRuntime.Drivers.Resiot.Tests.Support;

namespace PluginRuntime.Drivers.Resiot.Tests.EndToEnd;

/// <summary>
/// The driver as a plugin in the real host, connected over a real websocket to the ResIOT simulator (a Node `ws`
/// server speaking the seed's protocol), observed through the REST API.
/// </summary>
public sealed class ResiotEndToEndTests
{
    private const string CounterEui = "70b3d57ed0000001";

    private static JsonObject Settings() => new()
    {
        ["downlink_timeout_seconds"] = 10,
        ["profiles"] = new JsonObject
        {
            ["climate"] = new JsonObject { ["decoder"] = "cayenne_lpp" },
            ["counter"] = new JsonObject
            {
                ["decoder"] = "javascript",
                ["script"] = "function decodeUplink(input) { return { data: { people: (input.bytes[0] << 8) | input.bytes[1] } }; }",
            },
        },
        ["devices"] = new JsonObject
        {
            [Seed.DevEui] = new JsonObject { ["profile"] = "climate", ["name"] = "Boardroom climate" },
            [CounterEui] = new JsonObject { ["profile"] = "counter", ["app_eui"] = Seed.AppEui },
        },
    };

    [Fact]
    public async Task Joins_gateway_alive_and_uplinks_decoded_by_cayenne_lpp_and_javascript_reach_the_modules_status()
    {
        await using var peer = await ResiotPeer.StartAsync();
        await using var host = await RuntimeHostProcess.StartAsync(peer.Uri, Settings());
        await peer.WaitForClientAsync();

        await peer.SendAsync(Seed.Join());
        await peer.SendAsync(Seed.GatewayAlive());
        await peer.SendAsync(Seed.Uplink(Seed.LppClimate, port: "1"));
        await peer.SendAsync(Seed.Uplink("0103", port: "2", devEui: CounterEui));

        var state = await host.StateWhenAsync(
            s => s[$"device_{CounterEui}"]?["decoded"] is not null && s[$"device_{Seed.DevEui}"]?["uplinks"]?.GetValue<int>() == 1,
            "both uplinks to be decoded");
        var climate = state[$"device_{Seed.DevEui}"]!;
        Assert.True(state["connected"]!.GetValue<bool>());
        Assert.Equal(1, climate["joins"]!.GetValue<int>());
        Assert.Equal(27.2, climate["readings"]!["temperature_1"]!["value"]!.GetValue<double>());
        Assert.Equal(53.5, climate["readings"]!["relative_humidity_2"]!["value"]!.GetValue<double>());
        Assert.Equal(-18, climate["last_uplink"]!["rssi"]!.GetValue<double>());
        Assert.Equal(1953, climate["last_uplink"]!["seqno"]!.GetValue<long>());
        Assert.Equal(259, state[$"device_{CounterEui}"]!["decoded"]!["people"]!.GetValue<int>());
        Assert.Equal("2017-06-15T09:17:11.2072656+02:00", state["gateway_218000ac0000a05f"]!["last_alive"]!.GetValue<string>());
        Assert.Equal(0, state["messages_dropped"]!.GetValue<int>());
    }

    [Fact]
    public async Task Send_downlink_resolves_on_success_and_fails_with_the_servers_details_on_fail()
    {
        await using var peer = await ResiotPeer.StartAsync();
        await using var host = await RuntimeHostProcess.StartAsync(peer.Uri, Settings());
        await peer.WaitForClientAsync();
        await host.StateWhenAsync(s => s["connected"]?.GetValue<bool>() == true, "the module to be connected");

        var call = host.ExecAsync("send_downlink", new JsonObject { ["dev_eui"] = CounterEui, ["port"] = 50, ["payload"] = "484921", ["confirm"] = true });
        var command = await peer.NextReceivedAsync();
        var (status, body) = await call.WithTimeout("send_downlink to resolve");

        Assert.True(status == 200, $"send_downlink gave {status}: {body?.ToJsonString()}");
        string reference = command["Reference"]!.GetValue<string>();
        Assert.Equal(
            $$"""{"function":"TX","Payload":"484921","AppEui":"{{Seed.AppEui}}","DevEui":"{{CounterEui}}","Connector":"","Port":50,"Reference":"{{reference}}","Raw":false,"Confirm":true}""",
            command.ToJsonString());
        Assert.Equal("Success", body!["result"]!.GetValue<string>());
        Assert.Equal(reference, body["reference"]!.GetValue<string>());
        // The simulator then logs the downlink as the platform does (comm_tx with the reference).
        await host.StateWhenAsync(s => s[$"device_{CounterEui}"]?["last_downlink"]?["reference"]?.GetValue<string>() == reference, "the comm_tx log of the downlink");

        await peer.SetTxModeAsync("fail", "Device not found in the application");
        var failed = host.ExecAsync("send_downlink", new JsonObject { ["dev_eui"] = CounterEui, ["port"] = 1, ["payload"] = "00" });
        var failedCommand = await peer.NextReceivedAsync();
        var (failStatus, problem) = await failed.WithTimeout("send_downlink to fail");

        Assert.Equal(502, failStatus);
        Assert.Equal(
            $"ResIOT refused the downlink to {CounterEui} (reference '{failedCommand["Reference"]}'): Device not found in the application",
            problem!["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Malformed_messages_are_logged_and_dropped_and_the_module_stays_connected_and_correct()
    {
        await using var peer = await ResiotPeer.StartAsync();
        await using var host = await RuntimeHostProcess.StartAsync(peer.Uri, Settings());
        await peer.WaitForClientAsync();
        await peer.SendAsync(Seed.Uplink(Seed.LppClimate, port: "1"));
        await host.StateWhenAsync(s => s[$"device_{Seed.DevEui}"] is not null, "the first uplink");

        var wrongTypes = Seed.Uplink("016700c8", port: "1");
        wrongTypes["Port"] = 1;
        var huge = Seed.Uplink("016700c8", port: "1");
        huge["Extra"]!["padding"] = new string('x', 1024 * 1024);
        await peer.SendTextAsync("{\"CommType\":\"comm_rx\",\"DevEui\":");
        await peer.SendAsync(wrongTypes);
        await peer.SendAsync(new JsonObject { ["CommType"] = "comm_teleport", ["DevEui"] = Seed.DevEui });
        await peer.SendAsync(huge);
        await peer.SendTextAsync("[\"not\", \"an\", \"object\"]");

        var state = await host.StateWhenAsync(s => s["messages_dropped"]?.GetValue<int>() == 5, "the five malformed messages to be dropped");
        Assert.True(state["connected"]!.GetValue<bool>());
        Assert.Equal(27.2, state[$"device_{Seed.DevEui}"]!["readings"]!["temperature_1"]!["value"]!.GetValue<double>());
        Assert.Equal(1, state[$"device_{Seed.DevEui}"]!["uplinks"]!.GetValue<int>());
        await host.WaitForLinesAsync(l => l.Contains("Dropped a message from ResIOT", StringComparison.Ordinal), 5, "the five drop log lines");
        var drops = host.Output.Split('\n').Where(l => l.Contains("Dropped a message from ResIOT", StringComparison.Ordinal)).ToList();
        Assert.Equal(5, drops.Count);
        Assert.Contains(drops, l => l.Contains("not JSON", StringComparison.Ordinal));
        Assert.Contains(drops, l => l.Contains("Port", StringComparison.Ordinal));
        Assert.Contains(drops, l => l.Contains("comm_teleport", StringComparison.Ordinal));
        Assert.Contains(drops, l => l.Contains("over the limit of 65536", StringComparison.Ordinal));

        // Still the same connection, still applying good messages.
        await peer.SendAsync(Seed.Uplink("016700c8", port: "1"));
        state = await host.StateWhenAsync(s => s[$"device_{Seed.DevEui}"]?["uplinks"]?.GetValue<int>() == 2, "the good uplink after the bad ones");
        Assert.Equal(20.0, state[$"device_{Seed.DevEui}"]!["readings"]!["temperature_1"]!["value"]!.GetValue<double>());
        Assert.DoesNotContain("\"event\":\"disconnected\"", peer.Output);
    }

    [Fact]
    public async Task When_resiot_drops_the_connection_the_module_reconnects_and_carries_on()
    {
        await using var peer = await ResiotPeer.StartAsync();
        await using var host = await RuntimeHostProcess.StartAsync(peer.Uri, Settings());
        await peer.WaitForClientAsync();

        await peer.CloseClientsAsync();
        await peer.WaitForDisconnectAsync();
        await peer.WaitForClientAsync();
        await peer.SendAsync(Seed.GatewayAlive());

        var state = await host.StateWhenAsync(s => s["gateway_218000ac0000a05f"] is not null, "the gateway alive after reconnecting");
        Assert.True(state["connected"]!.GetValue<bool>());
    }
}
