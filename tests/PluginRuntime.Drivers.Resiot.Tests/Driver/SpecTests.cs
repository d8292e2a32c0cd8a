using PluginRuntime.Drivers.Resiot.Tests.Support;

namespace PluginRuntime.Drivers.Resiot.Tests.Driver;

/// <summary>The driver takes its message catalogue and its commands from specs/resiot-websocket.asyncapi.yaml.</summary>
public sealed class SpecTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("resiot-spec-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task The_specs_tx_command_is_a_method_whose_exec_sends_the_seeds_message_and_waits_for_its_result()
    {
        await using var harness = await ResiotHarness.StartAsync();

        var call = harness.ExecNamed("tx", new { payload = "HI!", app_eui = "ABCDEF1234567890", dev_eui = "0987654321ABCDEF", connector = "", port = 50, raw = true, confirm = true });
        var command = await harness.NextSentJsonAsync().WithTimeout("the TX command");
        string reference = command["Reference"]!.GetValue<string>();
        await harness.SendAsync(Seed.Result("Success", "", reference));
        var result = await call.WithTimeout("tx to resolve");

        Assert.Equal(
            $$"""{"function":"TX","Payload":"HI!","AppEui":"ABCDEF1234567890","DevEui":"0987654321ABCDEF","Connector":"","Port":50,"Reference":"{{reference}}","Raw":true,"Confirm":true}""",
            command.Compact());
        Assert.Equal($$"""{"reference":"{{reference}}","result":"Success"}""", result.Raw());
        Assert.Contains("tx", harness.Status["spec"]!.Value.GetProperty("commands").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public async Task The_tx_method_checks_its_arguments_against_the_spec_before_sending()
    {
        await using var harness = await ResiotHarness.StartAsync();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => harness.ExecNamed("tx", new { app_eui = Seed.AppEui, dev_eui = "nope", port = 500 }).WithTimeout("the refusal"));

        Assert.Contains("dev_eui", error.Message);
        Assert.Contains("port", error.Message);
        harness.Transport!.ShouldHaveSentNothingMore();
    }

    [Fact]
    public async Task A_command_added_to_the_spec_file_becomes_a_method_after_a_reload_and_sends_the_declared_message()
    {
        string spec = Path.Combine(_folder, "resiot.yaml");
        File.Copy(Path.Combine(RepoPaths.Root, "specs", "resiot-websocket.asyncapi.yaml"), spec);
        await using var harness = await ResiotHarness.StartAsync(new { spec_file = spec });
        Assert.DoesNotContain(harness.Driver.DeclaredMethods, m => m.Name == "reboot_gateway");

        File.WriteAllText(spec, File.ReadAllText(spec)
            .Replace("  sendTxResult:\n", """
              receiveReboot:
                action: receive
                channel:
                  $ref: '#/channels/communications'
                messages:
                  - $ref: '#/components/messages/REBOOT'
              sendTxResult:

            """.Replace("\r", ""))
            .Replace("    tx_result:\n      name: tx_result\n", """
                REBOOT:
                  name: REBOOT
                  x-method: reboot_gateway
                  x-driver-fields: [function, Reference]
                  summary: Reboots a gateway.
                  payload:
                    type: object
                    required: [function, GatewayEui]
                    properties:
                      function: { const: REBOOT }
                      GatewayEui: { $ref: '#/components/schemas/Eui' }
                      Reference: { type: string }
                tx_result:
                  name: tx_result

            """.Replace("\r", "")));
        await harness.ChangeSettingsAsync(new { spec_file = spec });

        var call = harness.ExecNamed("reboot_gateway", new { gateway_eui = "218000AC0000A05F" });
        var command = await harness.NextSentJsonAsync().WithTimeout("the REBOOT command");
        await harness.SendAsync(Seed.Result("Success", "", command["Reference"]!.GetValue<string>()));
        await call.WithTimeout("reboot_gateway to resolve");

        Assert.Equal($$"""{"function":"REBOOT","GatewayEui":"218000AC0000A05F","Reference":"{{command["Reference"]}}"}""", command.Compact());
    }

    [Fact]
    public async Task A_spec_file_that_does_not_read_is_reported_and_the_embedded_spec_stays_in_use()
    {
        string spec = Path.Combine(_folder, "broken.yaml");
        File.WriteAllText(spec, "asyncapi: 2.6.0\ninfo: { title: Old }\n");

        await using var harness = await ResiotHarness.StartAsync(new { spec_file = spec });
        await harness.SendAsync(Seed.Join());

        Assert.Contains("AsyncAPI version '2.6.0' is not supported", harness.Status.Get<string>("spec_error"));
        Assert.Equal(1, harness.Device()["joins"]!.GetValue<int>());
        Assert.Contains(harness.Driver.DeclaredMethods, m => m.Name == "tx");
    }

    [Fact]
    public async Task A_message_that_breaks_the_spec_is_dropped_with_the_path_of_what_is_wrong()
    {
        await using var harness = await ResiotHarness.StartAsync();
        var uplink = Seed.Uplink();
        uplink["GatewayEUIs"] = new System.Text.Json.Nodes.JsonArray("not-a-gateway");

        await harness.SendAsync(uplink);

        Assert.StartsWith("comm_rx does not conform to the spec: $.GatewayEUIs[0]:", harness.LastDropReason());
    }
}
