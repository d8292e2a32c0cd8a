using PluginRuntime.Core.Engine;

namespace PluginRuntime.Host;

/// <summary>Starts the engine on the config folder (and watches it) with the host; stops every module on shutdown.</summary>
internal sealed partial class EngineLifetime(RuntimeEngine engine, ConfigFolder folder, ILogger<EngineLifetime> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        LogStarting(folder.Path);
        await engine.LoadAndApplyAsync(folder.Path);
        engine.WatchConfigFolder(folder.Path);
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await engine.DisposeAsync();

    [LoggerMessage(Level = LogLevel.Information, Message = "Loading config from {Folder} (edits are applied live)")]
    private partial void LogStarting(string folder);
}
