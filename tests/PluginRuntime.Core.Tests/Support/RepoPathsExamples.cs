namespace PluginRuntime.Core.Tests.Support;

internal static class ExampleDrivers
{
    public static string Assembly => Path.Combine(RepoPaths.Root, "artifacts", "drivers", "PluginRuntime.Drivers.Examples", "PluginRuntime.Drivers.Examples.dll");
}
