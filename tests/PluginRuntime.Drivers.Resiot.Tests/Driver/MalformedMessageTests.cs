using System.Text.Json.Nodes;
using PluginRuntime.Drivers.Resiot.Tests.Support;

namespace PluginRuntime.Drivers.Resiot.Tests.Driver;

/// <summary>Whatever arrives that isn't the seed's protocol is logged with the reason and dropped; the module keeps working.</summary>
public sealed class MalformedMessageTests
{
    public static TheoryData<string, string> Malformed => new()
    {
        { "{\"CommType\":\"comm_rx\",", "not JSON" },
        { "[1,2,3]", "a message should be a JSON object" },
        { "\"comm_rx\"", "a message should be a JSON object" },
        { "{\"hello\":\"world\"}", "a message with neither CommType, MsgType nor Result" },
        { "{\"CommType\":\"comm_teleport\",\"DevEui\":\"0732227a557d8679\"}", "comm_teleport" },
        { "{\"Result\":\"Maybe\",\"Details\":\"\",\"Reference\":\"x\"}", "Maybe" },
        { Mutated(m => m["Port"] = 128), "Port" },
        { Mutated(m => m["DevEui"] = 12345), "DevEui" },
        { Mutated(m => m["Payload"] = "xyz!"), "Payload" },
        { Mutated(m => m["GatewayEUIs"] = "218000AC0000a05f"), "GatewayEUIs" },
        { Mutated(m => m["Extra"] = "rssi=-18"), "Extra" },
        { Mutated(m => m["Extra"]!["rssi"] = new JsonObject()), "rssi" },
        { Mutated(m => m["DT"] = "yesterday"), "DT" },
        { Mutated(m => m.Remove("DevEui")), "DevEui" },
        { Mutated(m => m["Payload"] = new string('a', 4000)), "Payload" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task A_malformed_message_is_logged_with_its_reason_and_dropped_and_the_next_good_one_applies(string message, string reasonMentions)
    {
        await using var harness = await ResiotHarness.StartAsync();

        await harness.Transport!.RespondAsync(message);

        Assert.Equal(1, harness.Dropped());
        Assert.Contains(reasonMentions, harness.LastDropReason());
        Assert.Contains(harness.Logs, l => l.Level == Microsoft.Extensions.Logging.LogLevel.Warning && l.Message.StartsWith("Dropped a message from ResIOT: ", StringComparison.Ordinal));
        Assert.Null(harness.Json($"device_{Seed.DevEui}"));
        Assert.Empty(harness.Errors);

        await harness.SendAsync(Seed.Uplink(Seed.LppClimate, port: "1"));
        Assert.Equal(27.2, harness.Device()["readings"]!["temperature_1"]!["value"]!.GetValue<double>());
        Assert.Equal(1, harness.Dropped());
    }

    [Fact]
    public async Task A_message_over_the_size_limit_is_dropped_before_it_is_parsed()
    {
        await using var harness = await ResiotHarness.StartAsync(new { max_message_bytes = 2048 });
        var huge = Seed.Uplink();
        huge["Extra"]!["padding"] = new string('x', 5000);

        await harness.SendAsync(huge);

        Assert.StartsWith("a message of ", harness.LastDropReason());
        Assert.EndsWith("bytes is over the limit of 2048 (max_message_bytes).", harness.LastDropReason());
    }

    [Fact]
    public async Task A_flood_of_unknown_devices_stops_at_max_devices()
    {
        await using var harness = await ResiotHarness.StartAsync(new { max_devices = 2 });

        await harness.SendAsync(Seed.Join("0000000000000001"));
        await harness.SendAsync(Seed.Join("0000000000000002"));
        await harness.SendAsync(Seed.Join("0000000000000003"));

        Assert.Equal("""["0000000000000001","0000000000000002"]""", harness.Json("devices")!.Compact());
        Assert.Equal("device 0000000000000003 would be device number 3, over the limit of 2 (max_devices).", harness.LastDropReason());
    }

    private static string Mutated(Action<JsonObject> change)
    {
        var message = Seed.Uplink();
        change(message);
        return message.Compact();
    }
}
