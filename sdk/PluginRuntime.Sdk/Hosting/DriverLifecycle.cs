namespace PluginRuntime.Sdk.Hosting;

/// <summary>
/// How a host drives a driver: attach its context, then call its hooks. For hosts and harnesses, not for drivers.
/// Every call here should go through the host's invoker (timeouts, catching, logging).
/// </summary>
public static class DriverLifecycle
{
    /// <summary>Gives the driver its module context. Once per instance, before any hook.</summary>
    public static void Attach(Driver driver, IDriverContext context) => driver.Attach(context);

    /// <summary>
    /// The context a driver was attached to, for a driver class that bridges to code elsewhere (a script host) and
    /// needs what the host gave it as a whole (all settings, raw status JSON, the system access).
    /// </summary>
    public static IDriverContext Context(Driver driver) => driver.Context;

    /// <summary>Calls <see cref="Driver.OnLoadAsync"/>.</summary>
    public static Task LoadAsync(Driver driver, CancellationToken ct) => driver.OnLoadAsync(ct);

    /// <summary>Calls <see cref="Driver.OnUnloadAsync"/>.</summary>
    public static Task UnloadAsync(Driver driver, CancellationToken ct) => driver.OnUnloadAsync(ct);

    /// <summary>Calls <see cref="Driver.OnSettingsChangedAsync"/>.</summary>
    public static Task SettingsChangedAsync(Driver driver, CancellationToken ct) => driver.OnSettingsChangedAsync(ct);

    /// <summary>Calls <see cref="Driver.OnConnectedAsync"/>.</summary>
    public static Task ConnectedAsync(Driver driver, CancellationToken ct) => driver.OnConnectedAsync(ct);

    /// <summary>Calls <see cref="Driver.OnDisconnectedAsync"/>.</summary>
    public static Task DisconnectedAsync(Driver driver, CancellationToken ct) => driver.OnDisconnectedAsync(ct);

    /// <summary>Calls <see cref="Driver.OnReceivedAsync"/> with one frame.</summary>
    public static Task ReceivedAsync(Driver driver, ReadOnlyMemory<byte> frame, CancellationToken ct) =>
        driver.OnReceivedAsync(frame, ct);

    /// <summary>The driver's frame decoder for its stream transport, or null for raw reads.</summary>
    public static Transports.IFrameDecoder? Framing(Driver driver) => driver.Framing;

    /// <summary>The driver's JSON options (per instance), for binding arguments and writing results.</summary>
    public static System.Text.Json.JsonSerializerOptions JsonOptions(Driver driver) => driver.JsonOptions;
}
