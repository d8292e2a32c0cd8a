namespace PluginRuntime.Core.Scripting.Node;

/// <summary>How the Node.js processes of JavaScript/TypeScript drivers are started and supervised.</summary>
internal sealed record NodeScriptOptions
{
    /// <summary>The node executable: a path, or a name found on PATH (<c>PLUGINRUNTIME_NODE</c> overrides the default).</summary>
    public string NodeExecutable { get; init; } = Environment.GetEnvironmentVariable("PLUGINRUNTIME_NODE") is { Length: > 0 } node ? node : "node";

    /// <summary>Where host.js and the driver API live; the <c>node-host</c> folder next to the runtime by default.</summary>
    public string HostFolder { get; init; } = Path.Combine(AppContext.BaseDirectory, "node-host");

    /// <summary>How long a process may take to start and load its driver script (TypeScript's compiler loads first).</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the runtime pings each process.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A process that doesn't answer a ping within this is hung: it is killed and restarted.</summary>
    public TimeSpan HeartbeatTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long to wait before each restart of a crashed or hung process.</summary>
    public RestartBackoff Backoff { get; init; } = new();

    /// <summary>
    /// Keep one idle process started ahead (with TypeScript loaded when a watched driver is .ts), so a hot reload of
    /// a watched driver doesn't wait for Node.js to start. Only started once a watched script driver has loaded.
    /// </summary>
    public bool WarmSpare { get; init; } = true;

    /// <summary>The clock of heartbeats and restart delays (real time even when drivers' schedules run on a fake clock).</summary>
    public TimeProvider SupervisionTime { get; init; } = TimeProvider.System;
}
