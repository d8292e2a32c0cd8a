using System.Text;
using System.Threading.Channels;
using PluginRuntime.Sdk.Tests.Support;

namespace PluginRuntime.Sdk.Tests.Commands;

/// <summary>The send side of a command queue under test: records what was sent, and can be made to fail.</summary>
internal sealed class FakeDevice
{
    private readonly Channel<string> _sent = Channel.CreateUnbounded<string>();

    /// <summary>Runs on each send, before it is recorded; throw from it to make the send fail.</summary>
    public Action<string>? OnSend { get; set; }

    public ValueTask SendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var text = Encoding.ASCII.GetString(data.Span);
        _sent.Writer.TryWrite(text);
        OnSend?.Invoke(text);
        return ValueTask.CompletedTask;
    }

    public Task<string> NextSentAsync(string what = "the next command to be sent") =>
        _sent.Reader.ReadAsync().WithTimeout(what);

    /// <summary>True when nothing was sent since the last <see cref="NextSentAsync"/>.</summary>
    public bool NothingMoreSent => !_sent.Reader.TryPeek(out _);
}
