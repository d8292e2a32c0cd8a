using System.Net;
using System.Net.Sockets;
using PluginRuntime.Mqtt.Packets;

namespace PluginRuntime.Mqtt.Tests.Support;

/// <summary>A listening socket where the test plays the broker packet by packet, to provoke client edge cases.</summary>
internal sealed class ScriptedServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<RawClient> _accepted = [];

    public ScriptedServer() => _listener.Start();

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Accepts the next connection, reads its CONNECT and answers with the given CONNACK.</summary>
    public async Task<(RawClient Peer, ConnectPacket Connect)> AcceptAsync(MqttProtocolVersion version, bool sessionPresent = false, string waitingFor = "the client to connect", uint? maximumPacketSize = null)
    {
        var tcp = await Within.Await(_listener.AcceptTcpClientAsync(), waitingFor);
        var peer = RawClient.FromAccepted(tcp, version);
        _accepted.Add(peer);
        var connect = await peer.ExpectAsync<ConnectPacket>("CONNECT from the client");
        await peer.SendAsync(new ConnAckPacket { SessionPresent = sessionPresent, MaximumPacketSize = version == MqttProtocolVersion.V500 ? maximumPacketSize : null });
        return (peer, connect);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var peer in _accepted)
            await peer.DisposeAsync();
        _listener.Stop();
    }
}
