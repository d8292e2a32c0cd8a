using System.ComponentModel;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using PluginRuntime.Drivers.Resiot.Downlinks;
using PluginRuntime.Drivers.Resiot.Wire;

namespace PluginRuntime.Drivers.Resiot;

public sealed partial class ResiotDriver
{
    /// <summary>
    /// Sends a downlink with the TX command and waits for ResIOT's result. Resolves with the reference on
    /// <c>Success</c> (which means ResIOT accepted the request, not that the node received it: see
    /// <c>last_confirmed_downlink</c> for that); fails with ResIOT's details on <c>Fail</c>, or when no result comes
    /// within <c>downlink_timeout_seconds</c>.
    /// </summary>
    [Description("Sends a downlink to a device (ResIOT's TX command) and waits for its Success/Fail result.")]
    public async Task<JsonObject> SendDownlink(
        [Description("The device's EUI (16 hex digits).")] string devEui,
        [Description("The LoRaWAN FPort, 1 to 255.")] int port,
        [Description("Hex bytes, or text sent as it is when raw is true.")] string payload,
        [Description("Ask the node to confirm reception (ResIOT then sends tx_confirm).")] bool confirm = false,
        [Description("Send the payload as it is instead of hex.")] bool raw = false,
        CancellationToken cancellationToken = default)
    {
        string device = ResiotSettings.Eui(devEui, "dev_eui");
        if (port is < 1 or > 255)
        {
            throw new ArgumentOutOfRangeException(nameof(port), port, "The FPort must be from 1 to 255.");
        }
        if (!raw && (payload.Length % 2 != 0 || !payload.All(char.IsAsciiHexDigit)))
        {
            throw new ArgumentException($"The payload '{payload}' is not hex (an even number of 0-9a-f digits); pass raw: true to send it as it is.", nameof(payload));
        }
        var settings = CurrentSettings;
        string appEui = AppEuiFor(device, settings);
        string reference = NewReference();
        var command = TxCommand.Create(appEui, device, port, raw ? payload : payload.ToLowerInvariant(), raw, confirm, settings.Connector, reference);
        var result = await SendAwaitingResultAsync(command, reference, cancellationToken).ConfigureAwait(false);
        return new JsonObject
        {
            ["reference"] = reference,
            ["result"] = result.Succeeded ? "Success" : "Fail",
            ["dev_eui"] = device,
            ["port"] = port,
        };
    }

    /// <summary>
    /// Sends a TX command (from <see cref="SendDownlink"/>, or any command of the spec that carries a reference) and waits for the result
    /// with its reference. Throws <see cref="ResiotDownlinkException"/> on Fail or when no result comes in time.
    /// </summary>
    private async Task<TxResult> SendAwaitingResultAsync(JsonObject command, string reference, CancellationToken cancellationToken)
    {
        var settings = CurrentSettings;
        var waiting = _downlinks.Register(reference);
        TxResult result;
        try
        {
            await Transport.SendAsync(Encoding.UTF8.GetBytes(command.ToJsonString()), cancellationToken).ConfigureAwait(false);
            result = await waiting.WaitAsync(settings.DownlinkTimeout, Time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new ResiotDownlinkException(
                $"ResIOT did not answer the TX command '{reference}' within {settings.DownlinkTimeout.TotalSeconds:0.###} s " +
                "(downlink_timeout_seconds); it may or may not have been queued.");
        }
        finally
        {
            _downlinks.Forget(reference);
        }
        SetStatus("last_downlink", new JsonObject
        {
            ["reference"] = reference,
            ["dev_eui"] = command["DevEui"]?.DeepClone(),
            ["port"] = command["Port"]?.DeepClone(),
            ["payload"] = command["Payload"]?.DeepClone(),
            ["result"] = result.Succeeded ? "Success" : "Fail",
            ["details"] = result.Details,
            ["time"] = Time.GetUtcNow().ToString("O"),
        });
        if (!result.Succeeded)
        {
            throw new ResiotDownlinkException(
                $"ResIOT refused the downlink to {command["DevEui"]} (reference '{reference}'): {(result.Details.Length > 0 ? result.Details : "no details given")}");
        }
        return result;
    }

    private void HandleTxResult(TxResult result)
    {
        if (!_downlinks.Resolve(result))
        {
            Logger.LogUnmatchedResult(result.Reference, result.Succeeded ? "Success" : "Fail", result.Details);
        }
    }

    /// <summary>The AppEui to address a device with: from its settings, else as it last communicated, else the module's.</summary>
    private string AppEuiFor(string devEui, ResiotSettings settings)
    {
        if (settings.Devices.TryGetValue(devEui, out var config) && config.AppEui is not null)
        {
            return config.AppEui;
        }
        lock (_gate)
        {
            if (_devices.TryGetValue(devEui, out var device) && device.AppEui.Length > 0)
            {
                return device.AppEui;
            }
        }
        return settings.AppEui ?? throw new InvalidOperationException(
            $"No AppEui is known for device {devEui}: set devices.{devEui}.app_eui or app_eui in the module's settings " +
            "(or wait until the device joins or sends an uplink).");
    }

    /// <summary>A reference ResIOT echoes in its result; random, so results of an earlier connection or module never match.</summary>
    private static string NewReference() => "pr-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
}
