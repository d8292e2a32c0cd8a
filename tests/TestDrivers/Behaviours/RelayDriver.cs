using System.Text.Json;
using PluginRuntime.Sdk;
using PluginRuntime.Sdk.Capabilities;

namespace TestDrivers.Behaviours;

/// <summary>Reaches its siblings through the runtime: calls Echo_1, mirrors its greeting, counts sensors.</summary>
[Driver("Relay", DefaultModuleName = "Relay")]
public sealed class RelayDriver : Driver
{
    public Task<string?> Relay(string text) => System["Echo"].CallAsync<string>("echo", text);

    public int Sensors() => System.Implementing<ISensor>().Count;

    public Task<JsonElement> CallMissing() => System["Nobody", 3].CallAsync("anything");

    protected override Task OnLoadAsync(CancellationToken cancellationToken)
    {
        System["Echo"].Subscribe("greeting", value =>
        {
            SetStatus("mirrored_greeting", value);
            return Task.CompletedTask;
        });
        return Task.CompletedTask;
    }
}
