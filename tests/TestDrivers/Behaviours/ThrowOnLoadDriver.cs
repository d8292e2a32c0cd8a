using PluginRuntime.Sdk;

namespace TestDrivers.Behaviours;

/// <summary>Fails in OnLoadAsync; its methods still work.</summary>
public sealed class ThrowOnLoadDriver : Driver
{
    public string Ping() => "pong";

    protected override Task OnLoadAsync(CancellationToken cancellationToken) =>
        throw new InvalidOperationException("load exploded on purpose");
}
