using System.Threading.Channels;
using PacketChannel = System.Threading.Channels.Channel;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PluginRuntime.Mqtt.Formatter;
using PluginRuntime.Mqtt.Packets;

namespace PluginRuntime.Mqtt.Channel;

/// <summary>
/// One MQTT network connection: a framing reader for the owner's receive loop, a bounded outbound queue drained by
/// a single send loop (so writes never interleave), and a close that happens exactly once.
/// </summary>
internal sealed class MqttConnection : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly MqttFrameReader _frames;
    private readonly Channel<MqttPacket> _outbound;
    private readonly CancellationTokenSource _closing = new();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ILogger _logger;
    private Task _sendLoop = Task.CompletedTask;
    private int _closeStarted;

    public MqttConnection(Stream stream, int maxPacketSize, int outboundCapacity, ILogger? logger = null)
    {
        _stream = stream;
        _frames = new MqttFrameReader(stream, maxPacketSize);
        _logger = logger ?? NullLogger.Instance;
        // The sender (broker routing, client publish) must never block on a slow peer; a full queue is reported
        // to the caller by TrySend so it can drop QoS 0 traffic or give up on the peer.
        _outbound = PacketChannel.CreateBounded<MqttPacket>(new BoundedChannelOptions(outboundCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>Set once the protocol version is known (after CONNECT); used by the send loop and <see cref="Decode"/>.</summary>
    public MqttPacketFormatter Formatter { get; set; } = MqttPacketFormatter.V311;

    /// <summary>Largest packet the peer accepts (MQTT 5 Maximum Packet Size); bigger PUBLISHes are dropped.</summary>
    public uint PeerMaximumPacketSize { get; set; } = uint.MaxValue;

    /// <summary>Told about each PUBLISH dropped for exceeding <see cref="PeerMaximumPacketSize"/>.</summary>
    public Action<PublishPacket>? PublishDropped { get; set; }

    /// <summary>Environment.TickCount64 of the last completed write; the client keepalive uses it.</summary>
    public long LastSendTicks { get; private set; } = Environment.TickCount64;

    public Task Closed => _closed.Task;

    public bool IsClosing => Volatile.Read(ref _closeStarted) != 0;

    /// <summary>Cancelled when the connection starts closing; receive loops link to it.</summary>
    public CancellationToken ClosingToken => _closing.Token;

    public void Start() => _sendLoop = Task.Run(SendLoopAsync);

    public ValueTask<MqttFrame?> ReadFrameAsync(CancellationToken cancellationToken) => _frames.ReadAsync(cancellationToken);

    public MqttPacket Decode(MqttFrame frame) => Formatter.Decode(frame.Header, frame.Body);

    /// <summary>Reads and decodes the next packet; null on clean end of stream.</summary>
    public async ValueTask<MqttPacket?> ReceiveAsync(CancellationToken cancellationToken)
    {
        var frame = await _frames.ReadAsync(cancellationToken).ConfigureAwait(false);
        return frame is { } f ? Decode(f) : null;
    }

    public bool TrySend(MqttPacket packet) => _outbound.Writer.TryWrite(packet);

    public ValueTask SendAsync(MqttPacket packet, CancellationToken cancellationToken) =>
        _outbound.Writer.WriteAsync(packet, cancellationToken);

    /// <summary>
    /// Sends whatever is queued (optionally a final packet such as DISCONNECT or a refusing CONNACK), waits at most
    /// <paramref name="drainTimeout"/> for it to be written, then closes.
    /// </summary>
    public async Task CloseAsync(MqttPacket? finalPacket = null, TimeSpan? drainTimeout = null)
    {
        if (Interlocked.Exchange(ref _closeStarted, 1) != 0)
        {
            await _closed.Task.ConfigureAwait(false);
            return;
        }
        if (finalPacket is not null)
            _outbound.Writer.TryWrite(finalPacket);
        _outbound.Writer.TryComplete();
        try
        {
            await _sendLoop.WaitAsync(drainTimeout ?? TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The peer is not reading; closing the socket below is all we can do.
        }
        _closing.Cancel();
        try
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
        }
        _closed.TrySetResult();
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync(drainTimeout: TimeSpan.Zero).ConfigureAwait(false);
        _closing.Dispose();
    }

    private async Task SendLoopAsync()
    {
        var reader = _outbound.Reader;
        try
        {
            while (await reader.WaitToReadAsync(_closing.Token).ConfigureAwait(false))
            {
                while (reader.TryRead(out var packet))
                {
                    var bytes = Formatter.Encode(packet);
                    if (packet is PublishPacket publish && (uint)bytes.Length > PeerMaximumPacketSize)
                    {
                        _logger.LogDebug("Dropping a {Size} byte PUBLISH larger than the peer's maximum packet size", bytes.Length);
                        PublishDropped?.Invoke(publish);
                        continue;
                    }
                    await _stream.WriteAsync(bytes, _closing.Token).ConfigureAwait(false);
                }
                await _stream.FlushAsync(_closing.Token).ConfigureAwait(false);
                LastSendTicks = Environment.TickCount64;
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // Socket gone or closing: the receive side notices and runs the close path.
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "MQTT send loop failed");
        }
        finally
        {
            // Make the receive loop notice a dead writer too.
            if (!IsClosing)
                _ = CloseAsync(drainTimeout: TimeSpan.Zero);
        }
    }
}
