using System.Net;
using System.Net.Sockets;
using PluginRuntime.Mqtt.Channel;
using PluginRuntime.Mqtt.Formatter;
using PluginRuntime.Mqtt.Packets;

namespace PluginRuntime.Mqtt.Tests.Support;

/// <summary>
/// A packet-level test peer: sends exactly the packets a test scripts (including invalid ones) and reads replies,
/// so broker behaviour can be pinned down without any client-side logic in between.
/// </summary>
internal sealed class RawClient : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private readonly MqttFrameReader _reader;

    private RawClient(TcpClient tcp, MqttProtocolVersion version)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
        _reader = new MqttFrameReader(_stream, 16 * 1024 * 1024);
        Formatter = MqttPacketFormatter.For(version);
    }

    public MqttPacketFormatter Formatter { get; }

    /// <summary>Wraps a connection accepted by a scripted server (the test plays the broker).</summary>
    public static RawClient FromAccepted(TcpClient tcp, MqttProtocolVersion version) => new(tcp, version);

    public static async Task<RawClient> OpenAsync(int port, MqttProtocolVersion version = MqttProtocolVersion.V500)
    {
        var tcp = new TcpClient { NoDelay = true };
        await Within.Await(tcp.ConnectAsync(IPAddress.Loopback, port), $"TCP connect to 127.0.0.1:{port}");
        return new RawClient(tcp, version);
    }

    /// <summary>Opens, sends CONNECT and asserts a successful CONNACK.</summary>
    public static async Task<(RawClient Client, ConnAckPacket Ack)> ConnectAsync(int port, ConnectPacket connect)
    {
        var client = await OpenAsync(port, connect.ProtocolVersion);
        await client.SendAsync(connect);
        var ack = await client.ExpectAsync<ConnAckPacket>($"CONNACK for {connect.ClientId}");
        Assert.Equal(MqttReasonCode.Success, ack.ReasonCode);
        return (client, ack);
    }

    public Task SendAsync(MqttPacket packet) => SendBytesAsync(Formatter.Encode(packet));

    public async Task SendBytesAsync(byte[] bytes)
    {
        await _stream.WriteAsync(bytes);
        await _stream.FlushAsync();
    }

    /// <summary>Next packet, or null when the broker closed the connection.</summary>
    public async Task<MqttPacket?> ReceiveAsync(string waitingFor, TimeSpan? timeout = null)
    {
        var frame = await Within.Await(_reader.ReadAsync(CancellationToken.None).AsTask(), waitingFor, timeout);
        return frame is { } f ? Formatter.Decode(f.Header, f.Body) : null;
    }

    public async Task<T> ExpectAsync<T>(string waitingFor, TimeSpan? timeout = null)
        where T : MqttPacket
    {
        var packet = await ReceiveAsync(waitingFor, timeout);
        return packet as T ?? throw new Xunit.Sdk.XunitException($"Expected {typeof(T).Name} ({waitingFor}) but got {(packet is null ? "connection closed" : PacketAssert.Describe(packet))}.");
    }

    /// <summary>Reads until the broker closes the socket; returns the packets seen on the way.</summary>
    public async Task<List<MqttPacket>> ExpectClosedAsync(string waitingFor, TimeSpan? timeout = null)
    {
        var seen = new List<MqttPacket>();
        while (true)
        {
            MqttPacket? packet;
            try
            {
                packet = await ReceiveAsync(waitingFor, timeout);
            }
            catch (IOException)
            {
                return seen;
            }
            if (packet is null)
                return seen;
            seen.Add(packet);
        }
    }

    public async Task SubscribeAsync(string filter, MqttQualityOfService qos = MqttQualityOfService.AtLeastOnce, ushort id = 1)
    {
        await SendAsync(new SubscribePacket { PacketIdentifier = id, Filters = [new MqttTopicFilter { Filter = filter, QualityOfService = qos }] });
        var ack = await ExpectAsync<SubAckPacket>($"SUBACK for {filter}");
        Assert.Equal((MqttReasonCode)(byte)qos, Assert.Single(ack.ReasonCodes));
    }

    public void Abort() => _tcp.Client.Close(0);

    public ValueTask DisposeAsync()
    {
        _tcp.Dispose();
        return ValueTask.CompletedTask;
    }
}
