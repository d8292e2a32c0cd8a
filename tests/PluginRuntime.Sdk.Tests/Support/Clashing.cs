using PluginRuntime.Sdk;

namespace PluginRuntime.Sdk.Tests.Support;

public sealed class ClashingDriver : Driver
{
    public int Power(bool on) => on ? 1 : 0;

    public int Power(bool on, int delay) => delay;
}

public abstract class AbstractDriver : Driver;

public sealed class NoDefaultConstructorDriver(int value) : Driver
{
    public int Value() => value;
}
