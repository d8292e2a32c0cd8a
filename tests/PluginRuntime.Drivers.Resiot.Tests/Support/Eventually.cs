namespace PluginRuntime.Drivers.Resiot.Tests.Support;

/// <summary>Waits for a condition another thread makes true (a timer registered, a status written), bounded like every await.</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, string waitingFor)
    {
        await Task.Run(async () =>
        {
            while (!condition())
            {
                await Task.Yield();
            }
        }).WithTimeout(waitingFor);
    }
}
