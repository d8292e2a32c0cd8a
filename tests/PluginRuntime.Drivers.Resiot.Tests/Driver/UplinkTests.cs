using System.Text.Json.Nodes;
using PluginRuntime.Drivers.Resiot.Tests.Support;

namespace PluginRuntime.Drivers.Resiot.Tests.Driver;

/// <summary>Uplinks, joins, gateway alive and downlink logs to status, with the SDK harness.</summary>
public sealed class UplinkTests
{
    [Fact]
    public async Task The_seeds_uplink_becomes_the_devices_last_uplink_with_its_radio_metadata()
    {
        await using var harness = await ResiotHarness.StartAsync(new { });

        await harness.SendAsync(Seed.Uplink());

        var device = harness.Device();
        Assert.Equal(
            """{"port":128,"payload":"9b690291010f1b2401ce01c0","rssi":-18,"snr":9.5,"sf":7,"frequency":867.3,"seqno":1953,"gateways":["218000ac0000a05f"],"time":"2017-06-15T09:36:46.5295312+02:00","connector":"636f6e313332"}""",
            device["last_uplink"]!.Compact());
        Assert.Equal(Seed.AppEui, device["app_eui"]!.GetValue<string>());
        Assert.Equal(1, device["uplinks"]!.GetValue<int>());
        Assert.Null(device["profile"]);
        Assert.Empty(device["readings"]!.AsObject());
        Assert.Equal($"""["{Seed.DevEui}"]""", harness.Json("devices")!.Compact());
        Assert.Equal("2017-06-15T09:36:46.5295312+02:00", harness.Json("gateway_218000ac0000a05f")!["last_seen"]!.GetValue<string>());
        Assert.Equal(0, harness.Dropped());
    }

    [Fact]
    public async Task A_cayenne_lpp_uplink_is_decoded_into_readings_the_sensor_capability_lists()
    {
        await using var harness = await ResiotHarness.StartAsync();

        await harness.SendAsync(Seed.Uplink(Seed.LppClimate, port: "1"));

        var device = harness.Device();
        Assert.Equal("climate", device["profile"]!.GetValue<string>());
        Assert.Equal("Boardroom climate", device["name"]!.GetValue<string>());
        Assert.Equal("""{"temperature_1":27.2,"relative_humidity_2":53.5,"digital_input_3":1}""", device["decoded"]!.Compact());
        Assert.Equal("""{"kind":"temperature","value":27.2,"unit":"°C"}""", device["readings"]!["temperature_1"]!.Compact());
        Assert.Empty(device["decode_errors"]!.AsArray());
        var sensors = harness.Driver.ListSensors();
        Assert.Equal([$"{Seed.DevEui}/temperature_1", $"{Seed.DevEui}/relative_humidity_2", $"{Seed.DevEui}/digital_input_3"], sensors.Select(s => s.Id));
        Assert.Equal(53.5, sensors[1].Value);
        Assert.Equal("%RH", sensors[1].Unit);
        Assert.Equal(DateTimeOffset.Parse("2017-06-15T09:36:46.5295312+02:00", System.Globalization.CultureInfo.InvariantCulture), sensors[0].Time);
    }

    [Fact]
    public async Task List_sensors_is_callable_like_any_method()
    {
        await using var harness = await ResiotHarness.StartAsync();
        await harness.SendAsync(Seed.Uplink(Seed.LppClimate, port: "1"));

        var sensors = await harness.Exec("list_sensors").WithTimeout("list_sensors");

        Assert.Equal(
            $$"""{"id":"{{Seed.DevEui}}/temperature_1","kind":"temperature","value":27.2,"unit":"°C","time":"2017-06-15T09:36:46.5295312+02:00"}""",
            sensors[0].Raw());
    }

    [Fact]
    public async Task A_payload_the_decoder_refuses_is_reported_on_the_device_and_the_uplink_still_counts()
    {
        await using var harness = await ResiotHarness.StartAsync();
        await harness.SendAsync(Seed.Uplink(Seed.LppClimate, port: "1"));

        await harness.SendAsync(Seed.Uplink("01ff00", port: "1"));

        var device = harness.Device();
        Assert.Equal("Cayenne LPP: unknown data type 255 (0xff) on channel 1 at byte 0.", device["decode_errors"]![0]!.GetValue<string>());
        Assert.Equal(2, device["uplinks"]!.GetValue<int>());
        Assert.Equal("01ff00", device["last_uplink"]!["payload"]!.GetValue<string>());
        // The last good readings stay, with the error beside them.
        Assert.Equal(27.2, device["readings"]!["temperature_1"]!["value"]!.GetValue<double>());
        Assert.Contains(harness.Logs, l => l.Message.Contains("Could not decode the uplink of 0732227a557d8679", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_profile_limited_to_some_ports_leaves_other_ports_undecoded()
    {
        await using var harness = await ResiotHarness.StartAsync(new
        {
            default_profile = "climate",
            profiles = new { climate = new { decoder = "cayenne_lpp", ports = new[] { 1 } } },
        });

        await harness.SendAsync(Seed.Uplink(Seed.LppClimate, port: "2"));

        Assert.Null(harness.Device()["decoded"]);
        Assert.Empty(harness.Driver.ListSensors());
    }

    [Fact]
    public async Task A_join_is_counted_with_its_time_and_gives_the_device_its_app_eui()
    {
        await using var harness = await ResiotHarness.StartAsync();

        await harness.SendAsync(Seed.Join());
        await harness.SendAsync(Seed.Join());

        var device = harness.Device();
        Assert.Equal("2017-06-15T09:36:20.6935937+02:00", device["last_join"]!.GetValue<string>());
        Assert.Equal(2, device["joins"]!.GetValue<int>());
        Assert.Equal(Seed.AppEui, device["app_eui"]!.GetValue<string>());
        Assert.Null(device["last_uplink"]);
    }

    [Fact]
    public async Task A_gateway_alive_records_when_each_gateway_was_last_alive()
    {
        await using var harness = await ResiotHarness.StartAsync();

        await harness.SendAsync(Seed.GatewayAlive());

        Assert.Equal(
            """{"eui":"218000ac0000a05f","last_alive":"2017-06-15T09:17:11.2072656+02:00","alives":1,"last_seen":null,"connector":"69643d3139"}""",
            harness.Json("gateway_218000ac0000a05f")!.Compact());
        Assert.Equal("""["218000ac0000a05f"]""", harness.Json("gateways")!.Compact());
        Assert.Null(harness.Json("devices"));
    }

    [Fact]
    public async Task The_downlink_log_and_a_node_confirmation_are_kept_per_device()
    {
        await using var harness = await ResiotHarness.StartAsync();

        await harness.SendAsync(Seed.DownlinkLog("comm_tx", "abc"));
        await harness.SendAsync(Seed.DownlinkLog("tx_confirm", "abc"));

        var device = harness.Device();
        Assert.Equal("""{"port":1,"payload":"2525","reference":"abc","confirmation":false,"time":"2017-06-15T09:41:09.6691796+02:00"}""", device["last_downlink"]!.Compact());
        Assert.Equal("abc", device["last_confirmed_downlink"]!["reference"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_field_lists_spellings_msgtype_and_extra_as_an_array_are_read_too()
    {
        await using var harness = await ResiotHarness.StartAsync();
        var uplink = Seed.Uplink(Seed.LppClimate, port: "1");
        uplink.Remove("CommType");
        uplink["MsgType"] = "comm_rx";
        uplink["Extra"] = new JsonArray(
            new JsonObject { ["fieldname"] = "rssi", ["fieldvalue"] = "-77" },
            new JsonObject { ["fieldname"] = "sf", ["fieldvalue"] = "12" });

        await harness.SendAsync(uplink);

        var last = harness.Device()["last_uplink"]!;
        Assert.Equal(-77, last["rssi"]!.GetValue<double>());
        Assert.Equal(12, last["sf"]!.GetValue<int>());
        Assert.Null(last["snr"]);
        Assert.Equal(0, harness.Dropped());
    }

    [Fact]
    public async Task Empty_and_null_fields_are_read_as_absent_as_the_seed_allows()
    {
        await using var harness = await ResiotHarness.StartAsync();
        var alive = Seed.GatewayAlive();
        alive["AppEui"] = null;
        alive["DevEui"] = null;
        alive["Payload"] = null;
        alive["Extra"] = null;
        alive["DT"] = null;

        await harness.SendAsync(alive);

        Assert.Equal(harness.Time.GetUtcNow().ToString("O"), harness.Json("gateway_218000ac0000a05f")!["last_alive"]!.GetValue<string>());
        Assert.Equal(0, harness.Dropped());
    }
}
