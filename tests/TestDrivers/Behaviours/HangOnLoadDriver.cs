using PluginRuntime.Sdk;

namespace TestDrivers.Behaviours;

/// <summary>Never finishes OnLoadAsync (ignores cancellation), to prove the lifecycle timeout.</summary>
public sealed class HangOnLoadDriver : Driver
{
    public string Ping() => "pong";

    protected override Task OnLoadAsync(CancellationToken cancellationToken) => new TaskCompletionSource().Task;
}
