using PluginRuntime.Drivers.Pdk.Tests.Support;
using PluginRuntime.Sdk.Testing;

namespace PluginRuntime.Drivers.Pdk.Tests;

/// <summary>Starts the PDK driver in the SDK harness with a fake panel behind it.</summary>
internal static class PdkHarness
{
    public static Task<DriverHarness<TestablePdkDoorController>> StartAsync(object? settings = null) =>
        DriverHarness<TestablePdkDoorController>.StartAsync(new HarnessOptions
        {
            Settings = settings ?? new { panel_url = "http://127.0.0.1:6006", token = "token-1", spec_path = Settings.PdkSpec },
        });
}
