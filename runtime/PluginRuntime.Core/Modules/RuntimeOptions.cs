namespace PluginRuntime.Core.Modules;

/// <summary>Time limits and behaviour of the engine; the defaults suit production.</summary>
internal sealed record RuntimeOptions
{
    /// <summary>How long a lifecycle hook (load, unload, settings, connect) may take before it is abandoned.</summary>
    public TimeSpan LifecycleTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an exec may take before the caller gets a timeout error.</summary>
    public TimeSpan MethodTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long to wait for an old driver load context to be collected before warning that it leaks.</summary>
    public TimeSpan UnloadPatience { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Quiet time after a file change before reloading (builds write several files).</summary>
    public TimeSpan WatchDebounce { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Reconnect backoff for device connections.</summary>
    public TimeSpan ReconnectInitialDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait between reconnect attempts.</summary>
    public TimeSpan ReconnectMaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Where compiled C# script drivers are kept between runs; null for the user's local data folder
    /// (<c>~/.local/share/PluginRuntime/script-cache</c> on Linux), or the temp folder when there is none.
    /// </summary>
    public string? ScriptCacheFolder { get; init; }
    /// <summary>How JavaScript/TypeScript drivers' Node.js processes are started and supervised.</summary>
    public Scripting.Node.NodeScriptOptions NodeScripts { get; init; } = new();
}
