using System.Text.Json;
using Microsoft.Extensions.Logging;
using PluginRuntime.Core.Logging;
using PluginRuntime.Core.Plugins;
using PluginRuntime.Sdk;
using PluginRuntime.Sdk.Hosting;
using PluginRuntime.Sdk.Metadata;

namespace PluginRuntime.Core.Modules;

/// <summary>
/// One running module: a driver instance with its context and connections. Every call into the driver goes through
/// the engine's <see cref="DriverInvoker"/>. Stopping cancels its schedules and connections and drops the driver,
/// so the driver's code can unload.
/// </summary>
internal sealed partial class ModuleInstance
{
    private static readonly byte[] True = "true"u8.ToArray();
    private static readonly byte[] False = "false"u8.ToArray();

    private readonly ModuleServices _services;
    // Never disposed: in-flight calls may still link to its token after the module stopped.
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationToken _stoppingToken;
    private readonly ILogger _log;
    private Driver? _driver;
    private ModuleContext? _context;
    private IManagedStreamTransport? _transport;
    private int _stopped;

    private ModuleInstance(ModuleSpec spec, LoadedDriver driver, ModuleServices services)
    {
        Spec = spec;
        Driver = driver;
        _services = services;
        _log = services.LoggerFactory.CreateLogger("PluginRuntime.Modules");
        _stoppingToken = _stopping.Token;
    }

    public ModuleSpec Spec { get; private set; }

    /// <summary>The loaded code this instance runs. Replaced by a new instance on hot reload, never changed in place.</summary>
    public LoadedDriver Driver { get; }

    public string Id => Spec.Id;

    /// <summary>Why the module could not start (its constructor or OnLoadAsync failed), or null.</summary>
    public string? StartError { get; private set; }

    public bool IsRunning => _driver is not null && Volatile.Read(ref _stopped) == 0;

    /// <summary>Finds a callable method: the driver class's own, or one the running driver declared.</summary>
    public bool TryGetMethod(string name, out Sdk.Metadata.MethodDescriptor method) => Driver.Descriptor.TryGetMethod(name, _driver, out method);

    /// <summary>Every callable method of the running driver (the class's, then the declared ones).</summary>
    public IReadOnlyList<Sdk.Metadata.MethodDescriptor> Methods => Driver.Descriptor.MethodsOf(_driver);

    /// <summary>The module's interface as JSON, declared methods included.</summary>
    public System.Text.Json.Nodes.JsonObject DescribeInterface() => Driver.Descriptor.DescribeInterface(_driver);

    /// <summary>Creates the driver, attaches its context and connections, and runs OnLoadAsync.</summary>
    public static async Task<ModuleInstance> StartAsync(ModuleSpec spec, LoadedDriver driver, ModuleServices services)
    {
        var instance = new ModuleInstance(spec, driver, services);
        await instance.StartAsync().ConfigureAwait(false);
        return instance;
    }

    private async Task StartAsync()
    {
        var invoker = _services.Invoker;
        var (driver, fault) = await invoker.CallAsync(Id, "constructor",
            _ => ValueTask.FromResult(Driver.CreateInstance()), _services.Options.LifecycleTimeout, _stoppingToken).ConfigureAwait(false);
        if (driver is null)
        {
            StartError = $"Constructor of {Driver.Descriptor.DriverType.Name} failed: {fault?.Message}";
            return;
        }

        var logger = new ModuleLogger(
            _services.LoggerFactory.CreateLogger($"PluginRuntime.Driver.{Driver.Descriptor.DriverType.Name}"),
            Id, Driver.Descriptor.Name, _services.LogTap, _services.Time);
        var stopping = _stoppingToken;
        GuardedInvoker guarded = (member, action) =>
            invoker.RunAsync(Id, member, action, _services.Options.MethodTimeout, stopping);
        _context = new ModuleContext(Id, _services.State.For(Id), logger, _services.Time, stopping, guarded,
            _services.SystemAccessFor(Id, Spec.HomeSystemId, stopping));
        _context.SetSettings(Spec.Settings);
        DriverLifecycle.Attach(driver, _context);
        _driver = driver;

        ConnectHttp(Spec.Connection);
        var framing = await ReadFramingAsync(driver).ConfigureAwait(false);
        CreateStream(Spec.Connection, framing);

        var loadFault = await invoker.RunAsync(Id, "OnLoadAsync",
            ct => DriverLifecycle.LoadAsync(driver, ct), _services.Options.LifecycleTimeout, stopping).ConfigureAwait(false);
        if (loadFault is not null)
        {
            // The module keeps running: a driver whose load failed may still answer methods, and a settings fix retries it.
            StartError = $"OnLoadAsync failed: {loadFault.Message}";
        }
        _transport?.Start();
    }

    /// <summary>
    /// Calls a method with JSON arguments. Arguments are bound before any driver code runs, so an
    /// <see cref="ArgumentBindingException"/> is the caller's mistake and reaches the caller; the rest goes through the invoker.
    /// </summary>
    public async Task<(byte[]? Result, DriverFault? Fault)> InvokeAsync(MethodDescriptor method, JsonElement args, CancellationToken cancellationToken)
    {
        if (_driver is not { } driver || Volatile.Read(ref _stopped) == 1)
        {
            return (null, new DriverFault(DriverFaultKind.Cancelled, $"Module '{Id}' is not running.", null));
        }
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stoppingToken);
        var arguments = method.BindArguments(driver, args, linked.Token);
        // Inline: exec's dispatch cost is a few hundred nanoseconds instead of a thread hand-off; faces that must not
        // block (the websocket receive loop) hand the exec to the pool themselves.
        return await _services.Invoker.CallAsync(Id, method.Name, _ => method.InvokeBoundAsync(driver, arguments),
            _services.Options.MethodTimeout, linked.Token, inline: true).ConfigureAwait(false);
    }

    /// <summary>Hands the driver new merged settings and calls OnSettingsChangedAsync.</summary>
    public async Task UpdateSettingsAsync(ModuleSpec spec)
    {
        Spec = spec;
        if (_driver is not { } driver || _context is null)
        {
            return;
        }
        _context.SetSettings(spec.Settings);
        await _services.Invoker.RunAsync(Id, "OnSettingsChangedAsync",
            ct => DriverLifecycle.SettingsChangedAsync(driver, ct), _services.Options.LifecycleTimeout, _stoppingToken).ConfigureAwait(false);
    }

    /// <summary>Replaces the device connection (the driver instance and its status stay).</summary>
    public async Task ReconnectAsync(ModuleSpec spec)
    {
        Spec = spec;
        if (_driver is not { } driver)
        {
            return;
        }
        await DisposeConnectionsAsync().ConfigureAwait(false);
        ConnectHttp(spec.Connection);
        CreateStream(spec.Connection, await ReadFramingAsync(driver).ConfigureAwait(false));
        _transport?.Start();
    }

    /// <summary>
    /// Stops the module: cancels its schedules, closes connections, runs OnUnloadAsync (and Dispose, for drivers that
    /// are disposable), drops the driver. Each step runs even if an earlier one failed, so the code can always unload.
    /// </summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }
        var driver = _driver;
        try
        {
            _services.Invoker.CancelQuietly(Id, "stop", _stopping);
            await DisposeConnectionsAsync().ConfigureAwait(false);
            if (driver is not null)
            {
                await _services.Invoker.RunAsync(Id, "OnUnloadAsync",
                    ct => DriverLifecycle.UnloadAsync(driver, ct), _services.Options.LifecycleTimeout, CancellationToken.None).ConfigureAwait(false);
                await _services.Invoker.RunAsync(Id, "Dispose", _ => DisposeDriverAsync(driver),
                    _services.Options.LifecycleTimeout, CancellationToken.None).ConfigureAwait(false);
            }
        }
        finally
        {
            _driver = null;
            _context = null;
        }
    }

    private static async Task DisposeDriverAsync(Driver driver)
    {
        if (driver is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync().ConfigureAwait(false);
        }
        else if (driver is IDisposable disposable)
        {
            disposable.Dispose();
        }
    }

    private async Task<Sdk.Transports.IFrameDecoder?> ReadFramingAsync(Driver driver)
    {
        if (!Spec.Connection.IsTcp && !Spec.Connection.IsWebSocket)
        {
            return null;
        }
        var (framing, _) = await _services.Invoker.CallAsync(Id, "Framing",
            _ => ValueTask.FromResult(DriverLifecycle.Framing(driver)), _services.Options.LifecycleTimeout, _stoppingToken).ConfigureAwait(false);
        return framing;
    }

    private void ConnectHttp(ModuleConnection connection)
    {
        if (_context is null || !connection.IsHttp)
        {
            return;
        }
        var baseAddress = connection.Uri!.AbsoluteUri.EndsWith('/') ? connection.Uri : new Uri(connection.Uri.AbsoluteUri + "/");
        _context.Http = new HttpClient { BaseAddress = baseAddress, Timeout = _services.Options.MethodTimeout };
    }

    private void CreateStream(ModuleConnection connection, Sdk.Transports.IFrameDecoder? framing)
    {
        if (_context is null || _driver is not { } driver)
        {
            return;
        }
        var invoker = _services.Invoker;
        var options = _services.Options;
        var status = _services.State.For(Id);
        var stopping = _stoppingToken;
        var events = new StreamEvents(
            OnFrame: frame => invoker.RunAsync(Id, "OnReceivedAsync",
                ct => DriverLifecycle.ReceivedAsync(driver, frame, ct), options.MethodTimeout, stopping),
            OnConnected: () =>
            {
                status.Write("connected", True);
                return invoker.RunAsync(Id, "OnConnectedAsync",
                    ct => DriverLifecycle.ConnectedAsync(driver, ct), options.LifecycleTimeout, stopping);
            },
            OnDisconnected: () =>
            {
                status.Write("connected", False);
                return invoker.RunAsync(Id, "OnDisconnectedAsync",
                    ct => DriverLifecycle.DisconnectedAsync(driver, ct), options.LifecycleTimeout, stopping);
            });
        _transport = _services.Transports.Create(connection, framing, events, _log);
        if (_transport is not null)
        {
            status.Write("connected", False);
            _context.Stream = _transport;
        }
    }

    private async Task DisposeConnectionsAsync()
    {
        if (Interlocked.Exchange(ref _transport, null) is { } transport)
        {
            try
            {
                await transport.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                LogTransportDisposeFailed(Id, ex);
            }
        }
        if (_context is not null)
        {
            _context.Stream = null;
            _context.Http?.Dispose();
            _context.Http = null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Module {ModuleId}: closing its connection failed")]
    private partial void LogTransportDisposeFailed(string moduleId, Exception exception);
}
