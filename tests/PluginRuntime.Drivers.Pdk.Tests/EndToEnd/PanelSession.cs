using PluginRuntime.Drivers.Pdk.Tests.Support;
using PluginRuntime.Sdk.Testing;

namespace PluginRuntime.Drivers.Pdk.Tests.EndToEnd;

/// <summary>A simulator process and the driver connected to it.</summary>
internal sealed class PanelSession : IAsyncDisposable
{
    private PanelSession(PdkPanelProcess panel, DriverHarness<ObservedPdkDoorController> harness)
    {
        Panel = panel;
        Harness = harness;
    }

    public PdkPanelProcess Panel { get; }

    public DriverHarness<ObservedPdkDoorController> Harness { get; }

    public ObservedPdkDoorController Driver => Harness.Driver;

    /// <summary>Starts both; <paramref name="settings"/> gets panel_url (and token unless given) added.</summary>
    public static async Task<PanelSession> StartAsync(Func<string, object>? settings = null)
    {
        var panel = await PdkPanelProcess.StartAsync();
        try
        {
            var harness = await DriverHarness<ObservedPdkDoorController>.StartAsync(new HarnessOptions
            {
                Settings = settings?.Invoke(panel.Url) ?? new { panel_url = panel.Url, token = "panel-token", spec_path = Settings.PdkSpec },
            }).WithTimeout("the driver to start");
            await panel.WaitForEventAsync("connected", "the driver to connect");
            return new PanelSession(panel, harness);
        }
        catch
        {
            await panel.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Harness.DisposeAsync();
        await Panel.DisposeAsync();
    }
}
