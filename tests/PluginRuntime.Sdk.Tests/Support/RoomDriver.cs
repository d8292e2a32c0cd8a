using System.Text.Json;
using PluginRuntime.Sdk;
using PluginRuntime.Sdk.Capabilities;

namespace PluginRuntime.Sdk.Tests.Support;

/// <summary>Uses its siblings: calls the display, mirrors its power status, and lists sensors.</summary>
public sealed class RoomDriver : Driver
{
    public async Task<bool> StartPresentation()
    {
        var result = await System["Display"].CallAsync<bool>("power", true).ConfigureAwait(false);
        SetStatus("presenting", result);
        return result;
    }

    public int SensorCount() => System.Implementing<ISensor>().Count;

    public string? DisplayInput() => System["Display"].Status<string>("input");

    protected override Task OnLoadAsync(CancellationToken cancellationToken)
    {
        System["Display"].Subscribe("power", value =>
        {
            SetStatus("display_power", value is { ValueKind: JsonValueKind.True });
            return Task.CompletedTask;
        });
        return Task.CompletedTask;
    }
}
