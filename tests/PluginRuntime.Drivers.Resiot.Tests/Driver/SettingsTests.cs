using PluginRuntime.Drivers.Resiot.Tests.Support;

namespace PluginRuntime.Drivers.Resiot.Tests.Driver;

public sealed class SettingsTests
{
    [Theory]
    [InlineData("""{"profiles": {"p": {"decoder": "protobuf"}}}""", "profiles.p.decoder is 'protobuf'; use cayenne_lpp, javascript or none.")]
    [InlineData("""{"profiles": {"p": {"decoder": "javascript"}}}""", "profiles.p uses the javascript decoder: give exactly one of 'script' (the source) or 'script_file' (a path).")]
    [InlineData("""{"devices": {"0732227a557d8679": {"profile": "nope"}}}""", "devices.0732227a557d8679.profile names 'nope', which is not in profiles (none are defined).")]
    [InlineData("""{"devices": {"not-an-eui": {}}}""", "devices key 'not-an-eui' should be an EUI of 16 hex digits, but is 'not-an-eui'.")]
    [InlineData("""{"downlink_timeout_seconds": "soon"}""", "downlink_timeout_seconds should be a number from 0.1 to 3600, but is \"soon\".")]
    [InlineData("""{"profiles": {"p": {"decoder": "lpp", "ports": [1, 300]}}}""", "profiles.p.ports should hold FPorts from 0 to 255, but holds 300.")]
    public async Task A_bad_setting_is_reported_by_its_path_and_the_previous_settings_stay(string settings, string error)
    {
        await using var harness = await ResiotHarness.StartAsync();

        await harness.ChangeSettingsAsync(settings);

        Assert.Equal(error, harness.Status.Get<string>("settings_error"));
        Assert.Contains(harness.Logs, l => l.Message.Contains(error, StringComparison.Ordinal));
        await harness.SendAsync(Seed.Uplink(Seed.LppClimate, port: "1"));
        Assert.Equal("climate", harness.Device()["profile"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_settings_edit_that_gives_a_device_its_profile_republishes_it_and_decodes_the_next_uplink()
    {
        await using var harness = await ResiotHarness.StartAsync(new { });
        await harness.SendAsync(Seed.Uplink(Seed.LppClimate, port: "1"));
        Assert.Null(harness.Device()["profile"]);

        await harness.ChangeSettingsAsync(ResiotHarness.DefaultSettings);
        Assert.Equal("climate", harness.Device()["profile"]!.GetValue<string>());
        Assert.Null(harness.Status.Get<string>("settings_error"));
        await harness.SendAsync(Seed.Uplink(Seed.LppClimate, port: "1"));

        Assert.Equal(27.2, harness.Device()["readings"]!["temperature_1"]!["value"]!.GetValue<double>());
    }
}
