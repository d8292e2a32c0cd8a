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
        int bound = new PluginRuntime.Host.Realtime.RealtimeOptions().NotifyBufferBytes;
        output.WriteLine($"outbound high-water mark {connection.Outbound.HighWaterMark} B (notify bound {bound} B); managed memory {before / 1024} KiB -> {after / 1024} KiB");
        // Values are framed only while the buffer holds less than the bound, so it can pass it by one value's frame
        // (~1 KiB here) at most; the bind's success came first.
        Assert.InRange(connection.Outbound.HighWaterMark, 1, bound + 2048);
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

    [Fact]
    public async Task With_no_buffer_allowance_every_value_waits_its_turn_and_the_latest_one_still_arrives()
    {
        await using var host = await RealtimeTestHost.StartAsync(options: new PluginRuntime.Host.Realtime.RealtimeOptions { NotifyBufferBytes = 0 });
        await using var client = await host.ConnectAsync();
        AssertSuccess(await client.RequestAsync(Bind(1, "Echo", "reading"), "the bind success"), 1);
        var status = host.Engine.State.For("mod-echo-a");

        for (int i = 1; i <= 1000; i++)
        {
            status.Write("reading", Encoding.UTF8.GetBytes($"{i}"));
        }

        // One frame per write at most: values in between are replaced, and the last write's value is the last to arrive.
        Assert.InRange(host.SingleConnection().Outbound.HighWaterMark, 1, 256);
        string value;
        do
        {
            value = AssertNotify(await client.ReceiveAsync("notifications up to the latest value"), 1);
        }
        while (value != "1000");
    }
}
