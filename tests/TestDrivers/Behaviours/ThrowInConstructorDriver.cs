using PluginRuntime.Sdk;

namespace TestDrivers.Behaviours;

/// <summary>Cannot even be constructed.</summary>
public sealed class ThrowInConstructorDriver : Driver
{
    public ThrowInConstructorDriver() => throw new InvalidOperationException("constructor exploded on purpose");

    public string Ping() => "pong";
}
