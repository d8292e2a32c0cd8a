using System.Text.Json;
using Microsoft.Extensions.Logging;
using PluginRuntime.Sdk.Hosting;
using PluginRuntime.Sdk.Scheduling;
using PluginRuntime.Sdk.Systems;
using PluginRuntime.Sdk.Transports;

namespace PluginRuntime.Sdk;

/// <summary>
/// The base class of every driver. A running instance is a module: it has status, callable methods (its public
/// instance methods), settings, a logger, schedules and, when its config names a device, a transport.
/// </summary>
/// <remarks>
/// The host attaches a context before <see cref="OnLoadAsync"/> and calls every hook through one invoker, so an
/// exception thrown here is logged with the module id and never reaches other modules.
/// </remarks>
public abstract partial class Driver
{
    private IDriverContext? _context;
    private Scheduler? _schedule;
    private SystemProxy? _system;
    private JsonSerializerOptions? _jsonOptions;

    internal IDriverContext Context =>
        _context ?? throw new InvalidOperationException(
            $"{GetType().Name} is not attached to a module yet. Drivers are created by the runtime or the test " +
            "harness, which attach them before OnLoadAsync; don't use driver members from the constructor.");

    internal void Attach(IDriverContext context)
    {
        if (_context is not null)
        {
            throw new InvalidOperationException($"{GetType().Name} is already attached to module '{_context.ModuleId}'.");
        }
        _context = context;
    }

    /// <summary>The module's id.</summary>
    protected string ModuleId => Context.ModuleId;

    /// <summary>A logger scoped to this module.</summary>
    protected ILogger Logger => Context.Logger;

    /// <summary>The clock; use it instead of <see cref="DateTimeOffset.UtcNow"/> so tests control time.</summary>
    protected TimeProvider Time => Context.Time;

    /// <summary>Cancelled when the module stops.</summary>
    protected CancellationToken Stopping => Context.Stopping;

    /// <summary>Schedules (in / every / at / cron) on <see cref="Time"/>, all cancelled when the module stops.</summary>
    protected Scheduler Schedule => _schedule ??= new Scheduler(Context.Time, Context.Invoke, Context.Stopping);

    /// <summary>The module's byte-stream connection (TCP from <c>ip</c>/<c>port</c>, or a <c>ws://</c> uri).</summary>
    protected IStreamTransport Transport => Context.Stream ?? throw new InvalidOperationException(
        $"Module '{ModuleId}' has no stream connection. Set 'ip' and 'port' (TCP) or a ws:// 'uri' in its config.");

    /// <summary>An HTTP client whose base address is the module's uri.</summary>
    protected HttpClient Http => Context.Http ?? throw new InvalidOperationException(
        $"Module '{ModuleId}' has no HTTP connection. Set an http:// or https:// 'uri' in its config.");

    /// <summary>The other modules of this module's system.</summary>
    protected SystemProxy System => _system ??= new SystemProxy(
        Context.System ?? throw new InvalidOperationException(
            $"Module '{ModuleId}' is not in any system, so it has no sibling modules to call."),
        JsonOptions);

    /// <summary>
    /// The JSON options used for status values, settings, method arguments and results. One instance per module, so
    /// its caches never outlive the driver's code (which must be able to unload).
    /// </summary>
    protected internal JsonSerializerOptions JsonOptions => _jsonOptions ??= CreateJsonOptions();

    /// <summary>Override to change how this driver's values are written to and read from JSON.</summary>
    protected virtual JsonSerializerOptions CreateJsonOptions() => DriverJson.CreateOptions();

    /// <summary>How bytes from <see cref="Transport"/> are cut into frames; null passes each read through as it is.</summary>
    protected internal virtual IFrameDecoder? Framing => null;

    /// <summary>Called once after the module starts and before any method call.</summary>
    protected internal virtual Task OnLoadAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Called when the module stops (removed, reloaded, or the host shuts down).</summary>
    protected internal virtual Task OnUnloadAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Called after the merged settings changed; read them again with <see cref="Setting{T}"/>.</summary>
    protected internal virtual Task OnSettingsChangedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Called when the transport connects (and after each reconnect).</summary>
    protected internal virtual Task OnConnectedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Called when the transport loses its connection.</summary>
    protected internal virtual Task OnDisconnectedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Called with each frame received on <see cref="Transport"/>.</summary>
    protected internal virtual Task OnReceivedAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken) =>
        Task.CompletedTask;
}
