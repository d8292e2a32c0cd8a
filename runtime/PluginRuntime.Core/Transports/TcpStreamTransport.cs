using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using PluginRuntime.Sdk.Transports;

namespace PluginRuntime.Core.Transports;

/// <summary>A module's TCP connection to a device (<c>ip</c> and <c>port</c> in its config), kept up with backoff.</summary>
internal sealed class TcpStreamTransport : ReconnectingStreamTransport
{
    private readonly string _host;
    private readonly int _port;

    public TcpStreamTransport(
        string host,
        int port,
        IFrameDecoder? decoder,
        StreamTransportCallbacks callbacks,
        ReconnectPolicy policy,
        TimeProvider time,
        ILogger logger)
        : base(FormatEndpoint(host, port), decoder, callbacks, policy, time, logger)
    {
        _host = host;
        _port = port;
    }

    protected override async Task<ITransportConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        // Dual-mode where the OS allows, so one socket type reaches IPv4 and IPv6 devices alike.
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(_host, _port, cancellationToken).ConfigureAwait(false);
            // Devices that vanish without a FIN would otherwise look connected until the next send.
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
            return new TcpConnection(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static string FormatEndpoint(string host, int port)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        if (port is < 1 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(port), port, "A TCP port is between 1 and 65535.");
        }
        return host.Contains(':') ? $"tcp://[{host}]:{port}" : $"tcp://{host}:{port}";
    }
}
