using System.Net;
using PluginRuntime.Drivers.Examples;
using PluginRuntime.Sdk.Capabilities;
using PluginRuntime.Sdk.Commands;
using PluginRuntime.Sdk.Testing;
using PluginRuntime.Sdk.Tests.Support;

namespace PluginRuntime.Sdk.Tests.Harness;

/// <summary>The harness driving the example drivers the way a driver author's tests would.</summary>
public sealed class ExampleDriverTests
{
    [Fact]
    public async Task The_projector_queries_power_on_connect_and_sets_status_from_the_reply()
    {
        await using var harness = await DriverHarness<AcmeProjector>.StartAsync(new() { Stream = true });
        await harness.Transport!.ShouldSendAsync("PWR?\r\n");
        await harness.Transport.RespondAsync("PWR=OFF\r\n");
        Assert.False(harness.Status.Get<bool>("power"));
        Assert.True(harness.Status.Get<bool>("connected"));
    }

    [Fact]
    public async Task A_projector_command_resolves_with_the_reply_that_answers_it()
    {
        await using var harness = await DriverHarness<AcmeProjector>.StartAsync(new() { Stream = true });
        await harness.Transport!.ShouldSendAsync("PWR?\r\n");
        await harness.Transport.RespondAsync("PWR=OFF\r\n");

        var call = harness.Exec("power", true);
        await harness.Transport.ShouldSendAsync("PWR ON\r\n");
        // The reply arrives split across reads, as TCP may deliver it.
        await harness.Transport.RespondAsync("PWR=");
        await harness.Transport.RespondAsync("ON\r\n");

        Assert.Equal("ON", (await call).GetString());
        Assert.True(harness.Status.Get<bool>("power"));
    }

    [Fact]
    public async Task A_projector_error_reply_fails_the_command_with_the_reason()
    {
        await using var harness = await DriverHarness<AcmeProjector>.StartAsync(new() { Stream = true });
        await harness.Transport!.ShouldSendAsync("PWR?\r\n");
        await harness.Transport.RespondAsync("PWR=ON\r\n");

        var call = harness.Exec("switch_to", "hdmi9");
        await harness.Transport.ShouldSendAsync("INPUT HDMI9\r\n");
        await harness.Transport.RespondAsync("ERR\r\n");

        var error = await Assert.ThrowsAsync<CommandFailedException>(() => call);
        Assert.Contains("the projector answered ERR", error.Message);
    }

    [Fact]
    public async Task A_silent_projector_is_retried_then_reported_on_fake_time()
    {
        await using var harness = await DriverHarness<AcmeProjector>.StartAsync(new() { Stream = true });
        await harness.Transport!.ShouldSendAsync("PWR?\r\n");
        await harness.Transport.RespondAsync("PWR=ON\r\n");

        var call = harness.Exec("volume", 30);
        for (int attempt = 0; attempt < 4; attempt++)
        {
            await harness.Transport.ShouldSendAsync("VOL 30\r\n");
            harness.Time.Advance(TimeSpan.FromSeconds(5));
        }
        await Assert.ThrowsAsync<CommandTimeoutException>(() => call);
    }

    [Fact]
    public async Task The_http_light_polls_on_load_and_on_its_schedule()
    {
        await using var harness = await DriverHarness<HttpLight>.StartAsync(new()
        {
            HttpBaseAddress = new Uri("http://light.test/api/"),
            Settings = new { poll_seconds = 10 },
        });
        // runNow: the first poll starts as soon as the driver loads.
        (await harness.Http!.ExpectRequestAsync(HttpMethod.Get, "/api/state")).Respond(HttpStatusCode.OK, new { on = true, level = 40 });
        await harness.WhenIdleAsync();
        Assert.Equal(40, harness.Status.Get<int>("level"));

        harness.Time.Advance(TimeSpan.FromSeconds(10));
        (await harness.Http.ExpectRequestAsync(HttpMethod.Get, "/api/state")).Respond(HttpStatusCode.OK, new { on = false, level = 0 });
        await harness.WhenIdleAsync();
        Assert.False(harness.Status.Get<bool>("power"));
    }

    [Fact]
    public async Task The_http_light_sends_a_level_change_as_json()
    {
        await using var harness = await DriverHarness<HttpLight>.StartAsync(new() { HttpBaseAddress = new Uri("http://light.test/api/") });
        (await harness.Http!.ExpectRequestAsync(HttpMethod.Get, "/api/state")).Respond(HttpStatusCode.OK, new { on = false, level = 0 });
        await harness.WhenIdleAsync();

        var call = harness.Exec("level", 75);
        var request = await harness.Http.ExpectRequestAsync(HttpMethod.Put, "/api/state");
        Assert.Equal("""{"on":true,"level":75}""", request.Json.GetRawText());
        request.Respond(HttpStatusCode.OK, new { on = true, level = 75 });
        await call;
        Assert.Equal(75, harness.Status.Get<int>("level"));
    }

    [Fact]
    public async Task The_thermostat_drifts_towards_its_setpoint_as_fake_time_passes()
    {
        await using var harness = await DriverHarness<SimulatedThermostat>.StartAsync(new()
        {
            Settings = new { setpoint = 20.0, start_temperature = 19.5, step_seconds = 60, step_celsius = 0.2 },
        });
        Assert.Equal(19.5, harness.Status.Get<double>("temperature"));
        await harness.AdvanceAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(19.7, harness.Status.Get<double>("temperature"));
        await harness.AdvanceAsync(TimeSpan.FromMinutes(2));
        Assert.Equal(20.0, harness.Status.Get<double>("temperature"));
        Assert.Equal(20.0, Assert.Single(harness.Driver.ListSensors()).Value);
    }

    [Fact]
    public async Task A_thermostat_setpoint_out_of_range_fails_with_the_drivers_message()
    {
        await using var harness = await DriverHarness<SimulatedThermostat>.StartAsync();
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => harness.Exec("set_setpoint", 50));
        Assert.StartsWith("The setpoint must be between 5 and 35 °C.", error.Message);
    }

    [Fact]
    public async Task Mock_siblings_answer_calls_deliver_status_and_are_found_by_capability()
    {
        await using var harness = await DriverHarness<RoomDriver>.StartAsync();
        var display = harness.Sibling("Display").OnCall("power", args => args[0].GetBoolean());
        harness.Sibling("Thermostat").Implements<ISensor>();
        harness.Sibling("Thermostat", 2).Implements<ISensor>();

        Assert.True((await harness.Exec("start_presentation")).GetBoolean());
        Assert.Equal("power", Assert.Single(display.Calls).Method);
        Assert.Equal(2, (await harness.Exec("sensor_count")).GetInt32());

        await display.SetStatus("power", true);
        Assert.True(harness.Status.Get<bool>("display_power"));
        await display.SetStatus("input", "hdmi1");
        Assert.Equal("hdmi1", (await harness.Exec("display_input")).GetString());
    }

    [Fact]
    public async Task An_unanswered_expectation_says_what_was_expected()
    {
        // Long enough for the driver's first poll to go out on a busy machine (0.2 s was not, once); the second wait
        // runs the whole bound by design.
        await using var harness = await DriverHarness<AcmeProjector>.StartAsync(new() { Stream = true, ExpectationTimeout = TimeSpan.FromSeconds(1) });
        await harness.Transport!.ShouldSendAsync("PWR?\r\n");
        var error = await Assert.ThrowsAsync<HarnessAssertionException>(() => harness.Transport.ShouldSendAsync("VOL 1\r\n"));
        Assert.StartsWith("Waited 1 s for the driver to send \"VOL 1\\r\\n\" (564F4C20310D0A), but it sent nothing.", error.Message);
    }

    [Fact]
    public async Task A_wrong_send_shows_expected_and_actual_bytes()
    {
        await using var harness = await DriverHarness<AcmeProjector>.StartAsync(new() { Stream = true });
        var error = await Assert.ThrowsAsync<HarnessAssertionException>(() => harness.Transport!.ShouldSendAsync("PWR ON\r\n"));
        Assert.Equal("Expected the driver to send \"PWR ON\\r\\n\" (505752204F4E0D0A), but it sent \"PWR?\\r\\n\" (5057523F0D0A).", error.Message);
    }
}
