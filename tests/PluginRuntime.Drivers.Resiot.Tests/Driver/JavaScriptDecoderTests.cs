using PluginRuntime.Drivers.Resiot.Tests.Support;

namespace PluginRuntime.Drivers.Resiot.Tests.Driver;

/// <summary>Device profiles with operator-written TTN-style decoders, run by a real Node.js through the driver.</summary>
public sealed class JavaScriptDecoderTests
{
    private const string PeopleCounter = """
        function decodeUplink(input) {
          var warnings = [];
          if (input.bytes[2] < 20) warnings.push("battery low");
          return {
            data: { people: (input.bytes[0] << 8) | input.bytes[1], battery: { percent: input.bytes[2] }, door_open: input.bytes[3] === 1 },
            warnings: warnings
          };
        }
        """;

    private static object Settings(string script, int decoderTimeoutMs = 1000) => new
    {
        decoder_timeout_ms = decoderTimeoutMs,
        profiles = new Dictionary<string, object>
        {
            ["counter"] = new { decoder = "javascript", script, units = new Dictionary<string, string> { ["people"] = "people", ["battery.percent"] = "%" } },
        },
        devices = new Dictionary<string, object> { [Seed.DevEui] = new { profile = "counter" } },
    };

    [Fact]
    public async Task A_javascript_decoders_data_warnings_and_readings_reach_the_device_status()
    {
        await using var harness = await ResiotHarness.StartAsync(Settings(PeopleCounter));

        await harness.SendAsync(Seed.Uplink("002a1001", port: "3")).WithTimeout("the uplink to be decoded");

        var device = harness.Device();
        Assert.Equal("""{"people":42,"battery":{"percent":16},"door_open":true}""", device["decoded"]!.Compact());
        Assert.Equal("""["battery low"]""", device["decode_warnings"]!.Compact());
        Assert.Empty(device["decode_errors"]!.AsArray());
        Assert.Equal(
            """{"people":{"kind":"people","value":42,"unit":"people"},"battery.percent":{"kind":"percent","value":16,"unit":"%"},"door_open":{"kind":"door_open","value":1,"unit":null}}""",
            device["readings"]!.Compact());
        Assert.Equal([$"{Seed.DevEui}/people", $"{Seed.DevEui}/battery.percent", $"{Seed.DevEui}/door_open"], harness.Driver.ListSensors().Select(s => s.Id));
    }

    [Fact]
    public async Task A_decoder_that_throws_is_reported_per_uplink_and_the_next_uplink_decodes()
    {
        const string Picky = """
            function decodeUplink(input) {
              if (input.fPort !== 3) throw new Error("unexpected port " + input.fPort);
              return { data: { value: input.bytes[0] } };
            }
            """;
        await using var harness = await ResiotHarness.StartAsync(Settings(Picky));

        await harness.SendAsync(Seed.Uplink("07", port: "9")).WithTimeout("the first uplink");
        Assert.Equal("decoder 'counter' failed: Error: unexpected port 9", harness.Device()["decode_errors"]![0]!.GetValue<string>());
        Assert.Equal(1, harness.Device()["uplinks"]!.GetValue<int>());

        await harness.SendAsync(Seed.Uplink("08", port: "3")).WithTimeout("the second uplink");
        Assert.Equal(8, harness.Device()["decoded"]!["value"]!.GetValue<int>());
        Assert.Empty(harness.Device()["decode_errors"]!.AsArray());
        Assert.Equal(0, harness.Dropped());
        Assert.Equal(1, harness.Driver.DecoderHost!.Starts);
    }

    [Fact]
    public async Task Errors_a_decoder_returns_are_reported_and_a_result_without_data_is_an_error()
    {
        const string Strict = """
            function decodeUplink(input) {
              if (input.bytes.length === 0) return { errors: ["empty payload"] };
              return { warnings: [] };
            }
            """;
        await using var harness = await ResiotHarness.StartAsync(Settings(Strict));

        await harness.SendAsync(Seed.Uplink("", port: "3")).WithTimeout("the empty uplink");
        Assert.Equal("""["empty payload"]""", harness.Device()["decode_errors"]!.Compact());

        await harness.SendAsync(Seed.Uplink("01", port: "3")).WithTimeout("the data-less uplink");
        Assert.Equal("""["decodeUplink returned no data and no errors."]""", harness.Device()["decode_errors"]!.Compact());
    }

    [Fact]
    public async Task A_decoder_that_loops_costs_its_uplink_an_error_and_nothing_else()
    {
        await using var harness = await ResiotHarness.StartAsync(Settings("function decodeUplink(input) { while (true) {} }", decoderTimeoutMs: 200));

        await harness.SendAsync(Seed.Uplink("01", port: "3")).WithTimeout("the looping decoder to be interrupted");
        await harness.SendAsync(Seed.GatewayAlive());

        Assert.Contains("Script execution timed out", harness.Device()["decode_errors"]![0]!.GetValue<string>());
        Assert.Equal(1, harness.Json("gateway_218000ac0000a05f")!["alives"]!.GetValue<int>());
    }

    [Fact]
    public async Task Editing_the_script_in_the_settings_decodes_the_next_uplink_with_the_new_code()
    {
        await using var harness = await ResiotHarness.StartAsync(Settings("function decodeUplink(i) { return { data: { version: 1 } }; }"));
        await harness.SendAsync(Seed.Uplink("01", port: "3")).WithTimeout("the first uplink");

        await harness.ChangeSettingsAsync(Settings("function decodeUplink(i) { return { data: { version: 2 } }; }"));
        await harness.SendAsync(Seed.Uplink("01", port: "3")).WithTimeout("the second uplink");

        Assert.Equal(2, harness.Device()["decoded"]!["version"]!.GetValue<int>());
    }
}
