using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace PluginRuntime.Host.Tests.Mqtt.Support;

/// <summary>A real mosquitto on 127.0.0.1, used as an external broker; can be restarted on the same port.</summary>
internal sealed class MosquittoPeer : IAsyncDisposable
{
    private readonly string _directory;
    private PeerProcess? _process;

    private MosquittoPeer(string directory, int port)
    {
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public static async Task<MosquittoPeer> StartAsync()
    {
        var peer = new MosquittoPeer(Directory.CreateTempSubdirectory("mqttface-mosquitto-").FullName, FreePort());
        try
        {
            await peer.RunAsync();
        }
        catch
        {
            await peer.DisposeAsync();
            throw;
        }
        return peer;
    }

    /// <summary>Kills the broker (losing its retained messages: no persistence) and starts a fresh one on the same port.</summary>
    public async Task RestartAsync()
    {
        await _process!.DisposeAsync();
        _process = null;
        await RunAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task RunAsync()
    {
        var config = Path.Combine(_directory, "mosquitto.conf");
        await File.WriteAllLinesAsync(config,
        [
            $"listener {Port.ToString(CultureInfo.InvariantCulture)} 127.0.0.1",
            "allow_anonymous true",
            "persistence false",
            "log_dest stderr",
            "log_type all",
            // Started as root, mosquitto would switch to the 'mosquitto' user and lose access to the temp folder.
            $"user {Environment.UserName}",
        ]);
        _process = PeerProcess.Start("mosquitto", "-c", config);
        await _process.WaitForLineAsync(" running", "mosquitto to report that it is running");
    }

    /// <summary>Mosquitto can't bind port 0 and report it, so take a free port from the OS and hand it over.</summary>
    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
