using PluginRuntime.Sdk;

namespace TestDrivers.Behaviours;

/// <summary>Subscribes to a process-wide event and never unsubscribes: its code can never unload.</summary>
public sealed class LeakyDriver : Driver
{
    public string Ping() => "pong";

    protected override Task OnLoadAsync(CancellationToken cancellationToken)
    {
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
        return Task.CompletedTask;
    }

    private void OnProcessExit(object? sender, EventArgs e)
    {
    }
}
