using System.ComponentModel;
using System.Globalization;
using PluginRuntime.Drivers.Pdk.Connection;
using PluginRuntime.Sdk;
using PluginRuntime.Sdk.Capabilities;
using PluginRuntime.Sdk.Protocols;

namespace PluginRuntime.Drivers.Pdk;

/// <summary>
/// A ProdataKey PDK panel through its Streaming API (Socket.IO 2): door events become status, the commands declared
/// in <c>specs/pdk-streaming.asyncapi.yaml</c> become methods, an expired panel token is renewed without losing
/// events. Its event and command catalogue is the spec: inbound events are validated against it and a command added
/// to it is a method once the file is saved.
/// </summary>
[Driver("ProdataKey PDK", DefaultModuleName = "Door", Description = "PDK door controller over the panel's Streaming API (Socket.IO 2)")]
[DefaultSettings("""
    {
      "panel_url": "http://127.0.0.1:6006",
      "command_timeout_seconds": 10,
      "connect_timeout_seconds": 10,
      "reconnect_min_seconds": 1,
      "reconnect_max_seconds": 30,
      "max_message_bytes": 65536
    }
    """)]
public partial class PdkDoorController : Driver, IDoorSecurity
{
    private const string EmbeddedSpec = "PluginRuntime.Drivers.Pdk.pdk-streaming.asyncapi.yaml";

    private volatile ProtocolSpec? _spec;
    private ProtocolSpecWatcher? _watcher;
    private PanelSettings _settings = null!;

    /// <summary>
    /// Creates the connection to the panel. Tests override it to put a fake panel behind the driver's logic.
    /// </summary>
    protected virtual IPanelConnection CreateConnection(TimeSpan connectTimeout) => new SocketIoPanelConnection(connectTimeout);

    /// <summary>Called after a (re)loaded spec's commands were declared as methods. Tests wait on it.</summary>
    protected virtual void OnSpecApplied(ProtocolSpec spec)
    {
    }

    /// <inheritdoc/>
    protected override async Task OnLoadAsync(CancellationToken cancellationToken)
    {
        _settings = ReadSettings();
        LoadSpec();
        _connection = CreateConnection(_settings.ConnectTimeout);
        SetStatus("connected", false);
        await ConnectAsync().ConfigureAwait(false);
    }

    /// <inheritdoc/>
    protected override async Task OnSettingsChangedAsync(CancellationToken cancellationToken)
    {
        var previous = _settings;
        _settings = ReadSettings();
        if (previous.SpecPath != _settings.SpecPath)
        {
            LoadSpec();
        }
        if (previous.PanelUrl != _settings.PanelUrl || previous.Token != _settings.Token || previous.TokenUrl != _settings.TokenUrl)
        {
            _token = null; // the next connect obtains a token from the new settings
            await ReconnectNowAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    protected override async Task OnUnloadAsync(CancellationToken cancellationToken)
    {
        _watcher?.Dispose();
        await CloseConnectionAsync().ConfigureAwait(false);
        _tokenHttp?.Dispose();
    }

    /// <summary>The doors seen so far, with their latest state (IDoorSecurity).</summary>
    [Description("The doors seen so far, with their latest state.")]
    public IReadOnlyList<DoorState> ListDoors()
    {
        lock (_applyLock)
        {
            return [.. _doors.Values.OrderBy(d => d.Id).Select(d =>
                new DoorState(d.Id.ToString(CultureInfo.InvariantCulture), d.Name, d.Open, d.Relay, d.ForcedAlarm || d.ProppedAlarm))];
        }
    }

    /// <summary>Unlocks a door for its default dwell time (door.try.open), resolving when the panel confirms (IDoorSecurity).</summary>
    [Description("Unlocks a door for its default dwell time (door.try.open); resolves when the panel confirms it.")]
    public async Task Unlock(string doorId, CancellationToken cancellationToken)
    {
        if (!int.TryParse(doorId, NumberStyles.None, CultureInfo.InvariantCulture, out int id) || id < 1)
        {
            throw new ArgumentException($"Door id '{doorId}' is not a PDK door id (a positive integer).", nameof(doorId));
        }
        var spec = _spec ?? throw new InvalidOperationException("The PDK spec is not loaded.");
        if (!spec.TryGetOutbound("door.try.open", out var tryOpen))
        {
            throw new InvalidOperationException($"The spec {spec.SourceName} declares no door.try.open command.");
        }
        await SendCommandAsync(tryOpen, new() { ["doorId"] = id }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads the spec file again now (it is also read whenever it is saved).</summary>
    [Description("Reads the spec file again now (it is also read whenever the file is saved); returns the commands it declares.")]
    public IReadOnlyList<string> ReloadSpec()
    {
        _watcher?.Reload();
        return [.. (_spec?.Outbound ?? []).Where(m => m.MethodName is not null).Select(m => m.MethodName!)];
    }

    // A spec that fails to load throws (the load or settings change fails, visibly) and leaves the previous one in use.
    private void LoadSpec()
    {
        string? path = _settings.SpecPath ?? BesideAssembly();
        ProtocolSpecWatcher? watcher = null;
        ProtocolSpec spec;
        if (path is not null)
        {
            watcher = ProtocolSpecWatcher.Start(path, UseSpec, Logger);
            spec = watcher.Current;
        }
        else
        {
            // Loaded from bytes (the runtime's plugin loader), the assembly has no location: use the copy built into it.
            using var stream = typeof(PdkDoorController).Assembly.GetManifestResourceStream(EmbeddedSpec)
                ?? throw new InvalidOperationException($"The driver assembly has no embedded {EmbeddedSpec}; set 'spec_path'.");
            using var reader = new StreamReader(stream);
            spec = ProtocolSpec.Parse(reader.ReadToEnd(), "pdk-streaming.asyncapi.yaml (built in)");
        }
        Interlocked.Exchange(ref _watcher, watcher)?.Dispose();
        UseSpec(spec);
    }

    private static string? BesideAssembly()
    {
        string location = typeof(PdkDoorController).Assembly.Location;
        if (string.IsNullOrEmpty(location))
        {
            return null;
        }
        string path = Path.Combine(Path.GetDirectoryName(location)!, "specs", "pdk-streaming.asyncapi.yaml");
        return File.Exists(path) ? path : null;
    }

    private void UseSpec(ProtocolSpec spec)
    {
        try
        {
            DeclareMethods(SpecMethods.For(spec, SendCommandAsync));
        }
        catch (Exception ex) when (ex is PluginRuntime.Sdk.Metadata.DriverDefinitionException)
        {
            Logger.LogDeclareFailed(ex.Message);
            return;
        }
        _spec = spec;
        SetStatus("spec", new
        {
            title = spec.Title,
            version = spec.Version,
            source = spec.SourceName,
            events = spec.Inbound.Select(m => m.Name).ToArray(),
            commands = spec.Outbound.Where(m => m.MethodName is not null).Select(m => m.MethodName).ToArray(),
        });
        OnSpecApplied(spec);
    }

    private PanelSettings ReadSettings()
    {
        static Uri? OptionalUri(string? text, string key) => string.IsNullOrWhiteSpace(text) ? null
            : Uri.TryCreate(text, UriKind.Absolute, out var uri) ? uri
            : throw new InvalidOperationException($"Setting '{key}' must be an absolute URL, but is '{text}'.");
        static TimeSpan Seconds(double value, string key) => value > 0 ? TimeSpan.FromSeconds(value)
            : throw new InvalidOperationException($"Setting '{key}' must be a positive number of seconds, but is {value}.");

        var panelUrl = OptionalUri(Setting<string>("panel_url"), "panel_url")
            ?? throw new InvalidOperationException("Setting 'panel_url' is required: the panel's Streaming API, e.g. wss://panel-<id>.pdk.io.");
        var settings = new PanelSettings(
            panelUrl,
            SettingOrDefault<string?>("token", null),
            OptionalUri(SettingOrDefault<string?>("token_url", null), "token_url"),
            SettingOrDefault<string?>("token_authorization", null),
            SettingOrDefault<string?>("spec_path", null),
            Seconds(SettingOrDefault("command_timeout_seconds", 10.0), "command_timeout_seconds"),
            Seconds(SettingOrDefault("connect_timeout_seconds", 10.0), "connect_timeout_seconds"),
            Seconds(SettingOrDefault("reconnect_min_seconds", 1.0), "reconnect_min_seconds"),
            Seconds(SettingOrDefault("reconnect_max_seconds", 30.0), "reconnect_max_seconds"),
            SettingOrDefault("max_message_bytes", 65536));
        if (settings.Token is null && settings.TokenUrl is null)
        {
            throw new InvalidOperationException("Set 'token' (a fixed panel token) or 'token_url' (an endpoint that issues panel tokens).");
        }
        return settings;
    }
}
