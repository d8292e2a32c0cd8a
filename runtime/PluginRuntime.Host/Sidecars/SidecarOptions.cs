namespace PluginRuntime.Host.Sidecars;

/// <summary>How sidecar processes are restarted after they exit.</summary>
internal sealed class SidecarOptions
{
    /// <summary>The wait before the first restart; doubled after each quick exit.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between restarts.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A process that ran at least this long before exiting starts again from <see cref="InitialBackoff"/>.</summary>
    public TimeSpan StableAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a stopping process gets to exit before it is killed.</summary>
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromSeconds(3);
}
