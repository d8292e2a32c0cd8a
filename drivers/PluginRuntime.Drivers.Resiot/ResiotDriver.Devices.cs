using System.Text.Json.Nodes;
using PluginRuntime.Drivers.Resiot.Decoding;
using PluginRuntime.Drivers.Resiot.Devices;
using PluginRuntime.Drivers.Resiot.Wire;

namespace PluginRuntime.Drivers.Resiot;

public sealed partial class ResiotDriver
{
    private async Task HandleUplinkAsync(Communication rx, CancellationToken cancellationToken)
    {
        var time = rx.Time ?? Time.GetUtcNow();
        // Decoded before anything is applied, so the status shows the uplink and its readings together.
        var profile = CurrentSettings.ProfileFor(rx.DevEui);
        DecodeResult? decoded = profile is not null && profile.Decodes(rx.Port!.Value)
            ? await DecodeAsync(profile, rx, cancellationToken).ConfigureAwait(false)
            : null;

        lock (_gate)
        {
            if (!TryGetDevice(rx.DevEui, out var device))
            {
                return;
            }
            Remember(device, rx);
            device.LastUplink = DeviceState.Uplink(rx, time);
            device.Uplinks++;
            if (decoded is not null)
            {
                if (decoded.Data is not null)
                {
                    device.Decoded = decoded.Data;
                }
                if (decoded.Readings.Count > 0)
                {
                    device.Readings = decoded.Readings;
                    device.ReadingsTime = time;
                }
                device.DecodeErrors = decoded.Errors;
                device.DecodeWarnings = decoded.Warnings;
            }
            foreach (var eui in rx.GatewayEuis)
            {
                var gateway = Gateway(eui);
                gateway.LastSeen = time;
                SetStatus($"gateway_{eui}", gateway.ToStatus());
            }
            PublishDevice(device);
        }
    }

    private async Task<DecodeResult> DecodeAsync(DeviceProfile profile, Communication rx, CancellationToken cancellationToken)
    {
        byte[] bytes = Convert.FromHexString(rx.PayloadHex);
        DecodeResult result;
        if (profile.Decoder == DecoderKind.CayenneLpp)
        {
            result = CayenneLppDecoder.Decode(bytes);
        }
        else if (DecoderHost is { } host)
        {
            try
            {
                var output = await host.DecodeAsync(profile.Name, bytes, rx.Port!.Value, cancellationToken).ConfigureAwait(false);
                result = FromDecodeUplink(output, profile);
            }
            catch (JsDecoderException ex)
            {
                result = DecodeResult.Failed(ex.Message);
            }
        }
        else
        {
            result = DecodeResult.Failed($"profile '{profile.Name}' has no JavaScript decoder loaded.");
        }
        foreach (var error in result.Errors)
        {
            Logger.LogDecodeFailed(rx.DevEui, error);
        }
        return result;
    }

    /// <summary>A TTN <c>decodeUplink</c> answer: <c>{data, warnings, errors}</c>, every part optional.</summary>
    private static DecodeResult FromDecodeUplink(JsonObject output, DeviceProfile profile)
    {
        var errors = Strings(output["errors"]);
        var warnings = Strings(output["warnings"]);
        var data = output["data"] as JsonObject;
        if (data is null && output["data"] is not null)
        {
            errors = [.. errors, $"decodeUplink's data should be an object, but is {Shorten(output["data"]!.ToJsonString())}."];
        }
        if (data is null && errors.Count == 0)
        {
            errors = ["decodeUplink returned no data and no errors."];
        }
        data = data?.DeepClone().AsObject();
        return new DecodeResult(data, data is null ? [] : DataReadings.Find(data, profile.Units), warnings, errors);

        static List<string> Strings(JsonNode? node) => node is JsonArray array
            ? [.. array.Take(20).Select(item => Shorten(item is JsonValue v && v.TryGetValue(out string? s) ? s : item?.ToJsonString() ?? "null"))]
            : [];
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";

    private void HandleJoin(Communication join)
    {
        lock (_gate)
        {
            if (!TryGetDevice(join.DevEui, out var device))
            {
                return;
            }
            Remember(device, join);
            device.LastJoin = join.Time ?? Time.GetUtcNow();
            device.Joins++;
            PublishDevice(device);
        }
    }

    private void HandleGatewayAlive(Communication alive)
    {
        var time = alive.Time ?? Time.GetUtcNow();
        lock (_gate)
        {
            foreach (var eui in alive.GatewayEuis)
            {
                var gateway = Gateway(eui);
                gateway.LastAlive = time;
                gateway.Alives++;
                gateway.Connector = alive.Connector;
                SetStatus($"gateway_{eui}", gateway.ToStatus());
            }
        }
    }

    /// <summary><c>comm_tx</c> (a downlink the platform sent) and <c>tx_confirm</c> (the node received it).</summary>
    private void HandleDownlinkLog(Communication tx)
    {
        lock (_gate)
        {
            if (!TryGetDevice(tx.DevEui, out var device))
            {
                return;
            }
            Remember(device, tx);
            var entry = DeviceState.Downlink(tx, tx.Time ?? Time.GetUtcNow());
            if (tx.Type == Communication.TxConfirm)
            {
                device.LastConfirmedDownlink = entry;
            }
            else
            {
                device.LastDownlink = entry;
            }
            PublishDevice(device);
        }
    }

    private static void Remember(DeviceState device, Communication communication)
    {
        if (communication.AppEui.Length > 0)
        {
            device.AppEui = communication.AppEui;
        }
    }

    /// <summary>The device's state, created on first sight unless the module already tracks <c>max_devices</c>.</summary>
    private bool TryGetDevice(string devEui, out DeviceState device)
    {
        if (_devices.TryGetValue(devEui, out device!))
        {
            return true;
        }
        int max = CurrentSettings.MaxDevices;
        if (_devices.Count >= max)
        {
            Drop($"device {devEui} would be device number {max + 1}, over the limit of {max} (max_devices).");
            return false;
        }
        device = new DeviceState(devEui);
        _devices[devEui] = device;
        SetStatus("devices", _devices.Keys.Order(StringComparer.Ordinal).ToArray());
        return true;
    }

    private GatewayState Gateway(string eui)
    {
        if (!_gateways.TryGetValue(eui, out var gateway))
        {
            gateway = new GatewayState(eui);
            _gateways[eui] = gateway;
            SetStatus("gateways", _gateways.Keys.Order(StringComparer.Ordinal).ToArray());
        }
        return gateway;
    }
}
