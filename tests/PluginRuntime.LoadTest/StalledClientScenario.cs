using System.Diagnostics;

namespace PluginRuntime.LoadTest;

/// <summary>
/// A client binds and stops reading while the status changes a million times. The server's memory must stay
/// bounded (latest value wins per binding), the client must not be cut off, and when it reads again it gets the
/// latest value.
/// </summary>
internal static class StalledClientScenario
{
    public static async Task<string> RunAsync(LoadHost host, int changes)
    {
        var stalled = await ControlClient.ConnectAsync(host.Control, 0, CancellationToken.None);
        await stalled.SendAsync($$"""{"id":1,"cmd":"bind","sys":"{{LoadHost.SystemId}}","mod":"Ticker","index":1,"name":"tick"}""", CancellationToken.None);
        var producer = await ControlClient.ConnectAsync(host.Control, 1, CancellationToken.None);
        await FanOutScenario.RunTicksAsync(producer, 1);

        long before = Managed();
        var clock = Stopwatch.StartNew();
        int final = await FanOutScenario.RunTicksAsync(producer, changes);
        clock.Stop();
        long after = Managed();
        int buffered = host.Connections.Live.Max(c => c.Outbound.HighWaterMark);

        // Reading again: the latest value must arrive, over the same connection.
        await FanOutScenario.WaitForTickAsync(stalled, final, null, null).WaitAsync(TimeSpan.FromSeconds(30));
        await producer.DisposeAsync();
        await stalled.DisposeAsync();
        return $"| stalled client ({changes:N0} changes in {clock.Elapsed.TotalSeconds:N1} s) | 1 | managed heap {before / 1024.0 / 1024:N1} MiB → {after / 1024.0 / 1024:N1} MiB; outbound buffer peak {buffered / 1024.0:N1} KiB | latest value {final:N0} received after resuming | | |";
    }

    private static long Managed()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
