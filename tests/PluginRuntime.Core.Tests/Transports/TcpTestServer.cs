using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PluginRuntime.Core.Tests.Transports;

/// <summary>A device on loopback: a real listener whose accepted connections the test drives byte by byte.</summary>
internal sealed class TcpTestServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

    public TcpTestServer()
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
    }

    public int Port { get; }

    /// <summary>Whether a connection is waiting to be accepted.</summary>
    public bool HasPendingConnection => _listener.Pending();

    public async Task<Peer> AcceptAsync(string what = "the transport to connect") =>
        new(await _listener.AcceptSocketAsync().WithTimeout(what));

    public void Dispose() => _listener.Dispose();

    /// <summary>The device's side of one connection.</summary>
    internal sealed class Peer(Socket socket) : IDisposable
    {
        public Task SendAsync(string text) => SendAsync(Encoding.ASCII.GetBytes(text));

        public async Task SendAsync(byte[] data) => await socket.SendAsync((ReadOnlyMemory<byte>)data, SocketFlags.None).WithTimeout("the device to send");

        /// <summary>Reads exactly <paramref name="count"/> bytes.</summary>
        public async Task<string> ReceiveAsync(int count)
        {
            var buffer = new byte[count];
            var read = 0;
            while (read < count)
            {
                var n = await socket.ReceiveAsync(buffer.AsMemory(read)).AsTask().WithTimeout($"the device to receive {count} bytes");
                Assert.True(n > 0, $"the connection closed after {read} of {count} bytes");
                read += n;
            }
            return Encoding.ASCII.GetString(buffer);
        }

        /// <summary>Completes when the transport closes its side.</summary>
        public async Task WaitForCloseAsync()
        {
            var buffer = new byte[64];
            while (true)
            {
                int n;
                try
                {
                    n = await socket.ReceiveAsync(buffer, SocketFlags.None).WithTimeout("the transport to close the connection");
                }
                catch (SocketException)
                {
                    return;
                }
                if (n == 0)
                {
                    return;
                }
            }
        }

        public void Dispose() => socket.Dispose();
    }
}
