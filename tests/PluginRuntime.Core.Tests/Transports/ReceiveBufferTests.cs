using System.Buffers;
using PluginRuntime.Core.Transports;

namespace PluginRuntime.Core.Tests.Transports;

public sealed class ReceiveBufferTests
{
    private static void Write(ReceiveBuffer buffer, params byte[] bytes)
    {
        bytes.CopyTo(buffer.GetMemory(bytes.Length));
        buffer.Advance(bytes.Length);
    }

    [Fact]
    public void Unconsumed_bytes_survive_compaction_and_growth_in_order()
    {
        var buffer = new ReceiveBuffer(initialSize: 4);
        Write(buffer, 1, 2, 3);
        buffer.Consume(2);

        Write(buffer, 4, 5, 6, 7, 8, 9);

        Assert.Equal([3, 4, 5, 6, 7, 8, 9], buffer.Data.ToArray());
    }

    [Fact]
    public void Consuming_everything_empties_the_buffer()
    {
        var buffer = new ReceiveBuffer(initialSize: 4);
        Write(buffer, 1, 2);

        buffer.Consume(2);

        Assert.Equal(0, buffer.Length);
        Assert.True(buffer.Data.IsEmpty);
    }
}
