using PluginRuntime.Drivers.Pdk.Connection;

namespace PluginRuntime.Drivers.Pdk.Tests.Support;

/// <summary>The PDK driver with a <see cref="FakePanel"/> behind it.</summary>
public sealed class TestablePdkDoorController : PdkDoorController
{
    internal FakePanel Panel { get; } = new();

    protected override IPanelConnection CreateConnection(TimeSpan connectTimeout) => Panel;
}
