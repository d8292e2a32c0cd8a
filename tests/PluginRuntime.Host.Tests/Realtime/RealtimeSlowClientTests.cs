using System.Net.WebSockets;
using System.Text;
using PluginRuntime.Host.Tests.Support;
using static PluginRuntime.Host.Tests.Support.Frames;

namespace PluginRuntime.Host.Tests.Realtime;

/// <summary>A client that stops reading costs bounded memory, isn't cut off, and gets the latest value when it reads again.</summary>
public sealed class RealtimeSlowClientTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private const int Changes = 100_000;

    private RealtimeTestHost _host = null!;

    public async Task InitializeAsync() => _host = await RealtimeTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_client_that_never_reads_while_a_status_changes_100k_times_gets_the_latest_value_later()
    {
        await using var client = await _host.ConnectAsync();
        AssertSuccess(await client.RequestAsync(Bind(1, "Echo", "reading"), "the bind success"), 1);
        var connection = _host.SingleConnection();
        var status = _host.Engine.State.For("mod-echo-a");
        // ~1 KiB values: far more than the socket buffers hold, so the send loop really blocks on this client.
        string padding = new('x', 1000);
        long before = GC.GetTotalMemory(forceFullCollection: true);

        // The client reads nothing from here on; writes go through the state store as a driver's do.
        for (int i = 1; i <= Changes; i++)
        {
            status.Write("reading", Encoding.UTF8.GetBytes($"\"{i}:{padding}\""));
        }

        long after = GC.GetTotalMemory(forceFullCollection: true);
        output.WriteLine($"queue high-water mark {connection.Queue.HighWaterMark} (bound {connection.QueueBound}); managed memory {before / 1024} KiB -> {after / 1024} KiB");
        // One binding: at most the bind's success and one entry for the binding were ever queued at once.
        Assert.InRange(connection.Queue.HighWaterMark, 1, 2);
        Assert.True(connection.Queue.HighWaterMark <= connection.QueueBound);
        Assert.True(after - before < 16 * 1024 * 1024, $"managed memory grew by {(after - before) / 1024} KiB while the client did not read");

        // Reading again: whatever the socket buffers held arrives, and the last value is the latest one.
        int notifications = 0;
        string latest = $"\"{Changes}:{padding}\"";
        string value;
        do
        {
            value = AssertNotify(await client.ReceiveAsync($"notifications up to the latest value (after {notifications})"), 1);
            notifications++;
        }
        while (value != latest);
        output.WriteLine($"{Changes} changes reached the slow client as {notifications} notifications");
        Assert.True(notifications < Changes, "values that were not sent in time should have been replaced by newer ones");

        Assert.Equal(WebSocketState.Open, client.Socket.State);
        AssertSuccess(await client.RequestAsync(Exec(2, "Echo", "add", "[1,2]"), "an exec on the same connection"), 2);
    }
}
