using System.Text.Json;
using PluginRuntime.Sdk.Testing;
using PluginRuntime.Sdk.Tests.Support;

namespace PluginRuntime.Sdk.Tests.Harness;

public sealed class StatusAndSettingsTests
{
    [Fact]
    public async Task A_write_with_the_same_json_is_not_a_change()
    {
        await using var harness = await DriverHarness<CalculatorDriver>.StartAsync();
        Assert.True((await harness.Exec("write", "power", true)).GetBoolean());
        Assert.False((await harness.Exec("write", "power", true)).GetBoolean());
        Assert.True((await harness.Exec("write", "power", false)).GetBoolean());
        Assert.Equal(["power", "power"], harness.Status.Changes.Select(c => c.Key));
    }

    [Fact]
    public async Task Writing_null_deletes_the_key_and_records_a_null_change()
    {
        await using var harness = await DriverHarness<CalculatorDriver>.StartAsync();
        await harness.Exec("write", "input", "hdmi");
        await harness.Exec("write", "input", null);
        Assert.False(harness.Status.Has("input"));
        Assert.Null(harness.Status.Changes[^1].Value);
        Assert.False((await harness.Exec("write", "input", null)).GetBoolean());
    }

    [Fact]
    public async Task Structured_values_are_stored_as_json()
    {
        await using var harness = await DriverHarness<CalculatorDriver>.StartAsync();
        await harness.ExecJson("write", """["bookings", [{"title": "Standup"}]]""");
        Assert.Equal("""[{"title":"Standup"}]""", harness.Status["bookings"]?.GetRawText());
    }

    [Fact]
    public async Task Module_settings_override_the_class_defaults()
    {
        await using var harness = await DriverHarness<CalculatorDriver>.StartAsync(new() { Settings = new { precision = 5 } });
        Assert.Equal(5, (await harness.Exec("precision")).GetInt32());
    }

    [Fact]
    public async Task A_missing_required_setting_names_the_key_and_the_module()
    {
        await using var harness = await DriverHarness<CalculatorDriver>.StartAsync(new() { ModuleId = "mod-calc" });
        var error = await Assert.ThrowsAsync<SettingMissingException>(() => harness.Exec("needs", "api_token"));
        Assert.Equal(
            "Module 'mod-calc' needs setting 'api_token', but it is not set. Add 'api_token' to the module's settings " +
            "(or to its system, one of its zones, or the driver's defaults).", error.Message);
    }

    [Fact]
    public async Task A_setting_of_the_wrong_type_says_what_it_should_be()
    {
        await using var harness = await DriverHarness<CalculatorDriver>.StartAsync(new() { ModuleId = "mod-calc", Settings = """{"precision": "high"}""" });
        var error = await Assert.ThrowsAsync<SettingInvalidException>(() => harness.Exec("precision"));
        Assert.Equal("Module 'mod-calc': setting 'precision' should be an integer, but it is \"high\".", error.Message);
    }

    [Fact]
    public async Task An_optional_setting_falls_back_to_its_default()
    {
        await using var harness = await DriverHarness<CalculatorDriver>.StartAsync();
        Assert.Equal("fallback", (await harness.Exec("optional", "nope")).GetString());
        Assert.Equal("calc", (await harness.Exec("optional", "label")).GetString());
    }

    [Fact]
    public async Task Settings_changes_reach_the_driver()
    {
        await using var harness = await DriverHarness<CalculatorDriver>.StartAsync();
        await harness.ChangeSettingsAsync(new { precision = 9 });
        Assert.Equal(9, (await harness.Exec("precision")).GetInt32());
        Assert.Equal(JsonValueKind.Number, (await harness.Exec("precision")).ValueKind);
    }
}
