using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using PluginRuntime.Drivers.Resiot.Decoding;
using PluginRuntime.Drivers.Resiot.Devices;
using PluginRuntime.Drivers.Resiot.Downlinks;
using PluginRuntime.Sdk;
using PluginRuntime.Sdk.Capabilities;

namespace PluginRuntime.Drivers.Resiot;

/// <summary>
/// A LoRaWAN network on the ResIOT platform, over its device-communication websocket (the module's <c>uri</c>: the
/// address ResIOT shows, which carries the account's credential). Uplinks, joins, downlink logs and gateway alive
/// messages become per-device and per-gateway status; uplink payloads are decoded per device profile (Cayenne LPP
/// or an operator's JavaScript <c>decodeUplink</c>); <c>send_downlink</c> sends the TX command and resolves on its
/// result. Every message is checked against <c>specs/resiot-websocket.asyncapi.yaml</c>; one that doesn't conform is
/// logged with the reason and dropped.
/// </summary>
[Driver("ResIOT LoRaWAN", DefaultModuleName = "LoRa",
    Description = "LoRaWAN devices and gateways on a ResIOT network server, over its websocket: uplinks, joins, decoded readings, downlinks.")]
[DefaultSettings(ResiotSettings.Defaults)]
public sealed partial class ResiotDriver : Driver, ISensor
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, DeviceState> _devices = new(StringComparer.Ordinal);
    private readonly Dictionary<string, GatewayState> _gateways = new(StringComparer.Ordinal);
    private readonly PendingDownlinks _downlinks = new();
    private ResiotSettings _settings = ResiotSettings.Read(JsonNode.Parse(ResiotSettings.Defaults)!.AsObject());
    private JsDecoderHost? _decoders;
    private long _dropped;

    /// <summary>Status is JSON for machines (MQTT, websocket), not HTML: "+02:00" and "°C" are kept as they are.</summary>
    protected override JsonSerializerOptions CreateJsonOptions()
    {
        var options = DriverJson.CreateOptions();
        options.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        return options;
    }

    /// <summary>The settings in force (the last ones that read without error).</summary>
    internal ResiotSettings CurrentSettings => Volatile.Read(ref _settings);

    /// <summary>The JavaScript decoder host, once a profile needs one; for tests.</summary>
    internal JsDecoderHost? DecoderHost => Volatile.Read(ref _decoders);

    protected override async Task OnLoadAsync(CancellationToken cancellationToken)
    {
        await ApplySettingsAsync().ConfigureAwait(false);
        if (!HasStatus("messages_dropped"))
        {
            SetStatus("messages_dropped", 0);
        }
    }

    protected override Task OnSettingsChangedAsync(CancellationToken cancellationToken) => ApplySettingsAsync();

    protected override Task OnDisconnectedAsync(CancellationToken cancellationToken)
    {
        // Results come on the connection their command went out on; a new one will never carry them.
        _downlinks.FailAll("The connection to ResIOT was lost");
        return Task.CompletedTask;
    }

    protected override async Task OnUnloadAsync(CancellationToken cancellationToken)
    {
        StopWatchingSpec();
        _downlinks.FailAll("The module stopped");
        if (Interlocked.Exchange(ref _decoders, null) is { } decoders)
        {
            await decoders.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Reads the settings; a bad edit is logged and the previous settings stay in force.</summary>
    private async Task ApplySettingsAsync()
    {
        ResiotSettings settings;
        try
        {
            settings = ResiotSettings.Read(ReadSettingsObject());
        }
        catch (FormatException ex)
        {
            Logger.LogBadSettings(ex.Message);
            SetStatus("settings_error", ex.Message);
            return;
        }
        SetStatus("settings_error", null as string);
        Volatile.Write(ref _settings, settings);
        LoadSpec(settings);
        await ConfigureDecodersAsync(settings).ConfigureAwait(false);
        RepublishDevices();
    }

    /// <summary>The merged settings this driver reads, as one object.</summary>
    private JsonObject ReadSettingsObject()
    {
        var settings = new JsonObject();
        foreach (string key in ResiotSettings.Keys)
        {
            if (SettingOrDefault<JsonNode?>(key, null) is { } value)
            {
                settings[key] = value;
            }
        }
        return settings;
    }

    private async Task ConfigureDecodersAsync(ResiotSettings settings)
    {
        var scripts = settings.Profiles.Values
            .Where(p => p.Decoder == DecoderKind.JavaScript && p.Script is not null)
            .ToDictionary(p => p.Name, p => p.Script!);
        var host = Volatile.Read(ref _decoders);
        if (host is not null && (scripts.Count == 0 || !SameHostOptions(host, settings)))
        {
            Interlocked.CompareExchange(ref _decoders, null, host);
            await host.DisposeAsync().ConfigureAwait(false);
            host = null;
        }
        if (scripts.Count == 0)
        {
            return;
        }
        if (host is null)
        {
            host = new JsDecoderHost(settings.NodePath, settings.DecoderTimeout, Time, Logger);
            Volatile.Write(ref _decoders, host);
        }
        await host.SetDecodersAsync(scripts).ConfigureAwait(false);
    }

    private static bool SameHostOptions(JsDecoderHost host, ResiotSettings settings) =>
        host.NodePath == settings.NodePath && host.Timeout == settings.DecoderTimeout;

    /// <summary>Publishes every known device again (their names and profiles may have changed).</summary>
    private void RepublishDevices()
    {
        lock (_gate)
        {
            foreach (var device in _devices.Values)
            {
                PublishDevice(device);
            }
        }
    }

    private void PublishDevice(DeviceState device)
    {
        var settings = CurrentSettings;
        settings.Devices.TryGetValue(device.DevEui, out var config);
        SetStatus($"device_{device.DevEui}", device.ToStatus(config, settings.ProfileFor(device.DevEui)));
    }

    private void Drop(string reason)
    {
        long dropped = Interlocked.Increment(ref _dropped);
        Logger.LogDropped(reason);
        SetStatus("messages_dropped", dropped);
        SetStatus("last_dropped", new JsonObject { ["reason"] = reason, ["time"] = Time.GetUtcNow().ToString("O") });
    }
}
