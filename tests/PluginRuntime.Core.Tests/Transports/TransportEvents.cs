using System.Text;
using System.Threading.Channels;
using PluginRuntime.Core.Transports;

namespace PluginRuntime.Core.Tests.Transports;

/// <summary>
/// Records what a transport reports, in order, as text: <c>connected</c>, <c>disconnected</c>, <c>frame:…</c>.
/// Tests read the next event with a bound instead of sleeping.
/// </summary>
internal sealed class TransportEvents
{
    private readonly Channel<string> _events = Channel.CreateUnbounded<string>();

    public TransportEvents()
    {
        Callbacks = new StreamTransportCallbacks
        {
            OnFrame = frame =>
            {
                Frames.Add(frame);
                var text = Encoding.UTF8.GetString(frame.Span);
                _events.Writer.TryWrite($"frame:{text}");
                return OnFrame?.Invoke(text) ?? Task.CompletedTask;
            },
            OnConnected = () =>
            {
                _events.Writer.TryWrite("connected");
                return OnConnected?.Invoke() ?? Task.CompletedTask;
            },
            OnDisconnected = () =>
            {
                _events.Writer.TryWrite("disconnected");
                return Task.CompletedTask;
            },
        };
    }

    public StreamTransportCallbacks Callbacks { get; }

    /// <summary>Every frame received, as handed over (tests check they are independent copies).</summary>
    public List<ReadOnlyMemory<byte>> Frames { get; } = [];

    /// <summary>Runs inside the frame handler, after the frame is recorded; throw from it to test a failing handler.</summary>
    public Func<string, Task>? OnFrame { get; set; }

    public Func<Task>? OnConnected { get; set; }

    public Task<string> NextAsync(string what) => _events.Reader.ReadAsync().AsTask().WithTimeout(what);

    public async Task ExpectAsync(string expected)
    {
        var actual = await NextAsync($"the transport to report '{expected}'");
        Assert.Equal(expected, actual);
    }

    public bool NothingMore => !_events.Reader.TryPeek(out _);
}
