using System.Buffers;
using System.Text;
using System.Threading.Channels;
using PluginRuntime.Sdk.Hosting;
using PluginRuntime.Sdk.Transports;

namespace PluginRuntime.Sdk.Testing;

/// <summary>
/// Plays the device on the other end of a driver's stream: <see cref="ShouldSendAsync(string)"/> checks what the
/// driver sent, <see cref="RespondAsync(string)"/> delivers bytes through the driver's framing to its receive hook,
/// and connect/disconnect run its connection hooks, as the runtime's TCP and WebSocket transports would.
/// </summary>
public sealed class FakeStreamTransport : IStreamTransport
{
    private readonly Channel<byte[]> _sent = Channel.CreateUnbounded<byte[]>();
    private readonly Channel<bool> _disconnectRequests = Channel.CreateUnbounded<bool>();
    private readonly DriverHarness _harness;
    private readonly Lock _receiveLock = new();
    private byte[] _pending = [];
    private IFrameDecoder? _framing;
    private bool _framingRead;
    private volatile bool _connected;

    internal FakeStreamTransport(DriverHarness harness) => _harness = harness;

    /// <inheritdoc />
    public bool IsConnected => _connected;

    /// <inheritdoc />
    public ValueTask SendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        if (!_connected)
        {
            throw new TransportNotConnectedException("The fake device is disconnected (call ConnectAsync first).");
        }
        _sent.Writer.TryWrite(data.ToArray());
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public void Disconnect() => _disconnectRequests.Writer.TryWrite(true);

    /// <summary>Waits for the driver's next send and checks it is exactly <paramref name="expected"/>.</summary>
    public async Task ShouldSendAsync(ReadOnlyMemory<byte> expected)
    {
        var actual = await NextSentAsync($"the driver to send {ByteText.Describe(expected.Span)}").ConfigureAwait(false);
        if (!actual.AsSpan().SequenceEqual(expected.Span))
        {
            throw new HarnessAssertionException(
                $"Expected the driver to send {ByteText.Describe(expected.Span)}, but it sent {ByteText.Describe(actual)}.");
        }
    }

    /// <summary>Waits for the driver's next send and checks it is exactly this ASCII/UTF-8 text.</summary>
    public Task ShouldSendAsync(string expected) => ShouldSendAsync(Encoding.UTF8.GetBytes(expected));

    /// <summary>Waits for the driver's next send and returns it.</summary>
    public Task<byte[]> NextSentAsync() => NextSentAsync("the driver to send something");

    /// <summary>Checks that the driver has sent nothing that no expectation consumed.</summary>
    public void ShouldHaveSentNothingMore()
    {
        if (_sent.Reader.TryRead(out var extra))
        {
            throw new HarnessAssertionException($"Expected no more sends, but the driver sent {ByteText.Describe(extra)}.");
        }
    }

    /// <summary>The device sends bytes: they go through the driver's framing, and each frame to its receive hook.</summary>
    public async Task RespondAsync(ReadOnlyMemory<byte> bytes)
    {
        List<byte[]> frames;
        lock (_receiveLock)
        {
            frames = Cut(bytes);
        }
        foreach (var frame in frames)
        {
            await _harness.RunGuardedAsync("OnReceivedAsync",
                ct => DriverLifecycle.ReceivedAsync(_harness.DriverInstance, frame, ct)).ConfigureAwait(false);
        }
    }

    /// <summary>The device sends this text.</summary>
    public Task RespondAsync(string text) => RespondAsync(Encoding.UTF8.GetBytes(text));

    /// <summary>The connection comes up: <c>connected</c> becomes true and OnConnectedAsync runs.</summary>
    public async Task ConnectAsync()
    {
        _connected = true;
        _harness.Status.Write("connected", "true"u8);
        await _harness.RunGuardedAsync("OnConnectedAsync", ct => DriverLifecycle.ConnectedAsync(_harness.DriverInstance, ct)).ConfigureAwait(false);
    }

    /// <summary>The connection drops: <c>connected</c> becomes false and OnDisconnectedAsync runs.</summary>
    public async Task DropAsync()
    {
        _connected = false;
        lock (_receiveLock)
        {
            _pending = [];
            (_framing as IResettableFrameDecoder)?.Reset();
        }
        _harness.Status.Write("connected", "false"u8);
        await _harness.RunGuardedAsync("OnDisconnectedAsync", ct => DriverLifecycle.DisconnectedAsync(_harness.DriverInstance, ct)).ConfigureAwait(false);
    }

    /// <summary>
    /// Waits until the driver asks to drop the connection (<see cref="IStreamTransport.Disconnect"/>), then drops and
    /// reconnects it as the runtime would.
    /// </summary>
    public async Task ExpectReconnectAsync()
    {
        try
        {
            await _disconnectRequests.Reader.ReadAsync().AsTask().WaitAsync(_harness.Options.ExpectationTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new HarnessAssertionException(
                $"Expected the driver to drop its connection to reconnect, but it did not within {_harness.Options.ExpectationTimeout.TotalSeconds} s.");
        }
        await DropAsync().ConfigureAwait(false);
        await ConnectAsync().ConfigureAwait(false);
    }

    private async Task<byte[]> NextSentAsync(string waitingFor)
    {
        try
        {
            return await _sent.Reader.ReadAsync().AsTask().WaitAsync(_harness.Options.ExpectationTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            string errors = _harness.DescribeRecentErrors();
            throw new HarnessAssertionException(
                $"Waited {_harness.Options.ExpectationTimeout.TotalSeconds} s for {waitingFor}, but it sent nothing.{errors}");
        }
    }

    private List<byte[]> Cut(ReadOnlyMemory<byte> bytes)
    {
        // Read once per connection and reset when it drops, as the runtime's transports do.
        if (!_framingRead)
        {
            _framing = DriverLifecycle.Framing(_harness.DriverInstance);
            _framingRead = true;
        }
        var framing = _framing;
        if (framing is null)
        {
            return [bytes.ToArray()];
        }
        var buffer = new ReadOnlySequence<byte>([.. _pending, .. bytes.Span]);
        var frames = new List<byte[]>();
        while (framing.TryReadFrame(ref buffer, out var frame))
        {
            frames.Add(frame.ToArray());
        }
        _pending = buffer.ToArray();
        return frames;
    }
}
