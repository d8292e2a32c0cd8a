using PluginRuntime.Sdk;

namespace TestDrivers.Behaviours;

/// <summary>
/// Awkward in ways a real driver can be: blocks its thread, registers a cancellation callback that throws, needs a
/// setting to load, and is disposable.
/// </summary>
public sealed class AwkwardDriver : Driver, IDisposable
{
    public string Block()
    {
        Thread.Sleep(TimeSpan.FromMilliseconds(500));
        return "woke";
    }

    public string Ping() => "pong";

    public void Dispose()
    {
    }

    protected override Task OnLoadAsync(CancellationToken cancellationToken)
    {
        Stopping.Register(() => throw new InvalidOperationException("stop callback exploded on purpose"));
        SetStatus("api_key_length", Setting<string>("api_key").Length);
        return Task.CompletedTask;
    }
}
