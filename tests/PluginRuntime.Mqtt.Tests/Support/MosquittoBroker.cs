using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace PluginRuntime.Mqtt.Tests.Support;

/// <summary>
/// A real mosquitto broker on 127.0.0.1 with a temp config, started for one test and always killed after it.
/// </summary>
internal sealed class MosquittoBroker : IAsyncDisposable
{
    private PeerProcess _process;
    private readonly string _directory;

    private MosquittoBroker(PeerProcess process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    /// <summary>
    /// Starts mosquitto; with credentials, anonymous clients are refused and only that user is allowed.
    /// <paramref name="listenerOptions"/> gets the broker's temp folder and returns extra lines for its listener (e.g. TLS files).
    /// </summary>
    public static async Task<MosquittoBroker> StartAsync((string User, string Password)? credentials = null, Func<string, IEnumerable<string>>? listenerOptions = null)
    {
        var directory = Directory.CreateTempSubdirectory("mqtt-mosquitto-").FullName;
        var port = FreePort();
        var config = new List<string>
        {
            $"listener {port.ToString(CultureInfo.InvariantCulture)} 127.0.0.1",
            "persistence false",
            "log_dest stderr",
            "log_type all",
            // Started as root, mosquitto would switch to the 'mosquitto' user and lose access to the temp files.
            $"user {Environment.UserName}",
        };
        config.InsertRange(1, listenerOptions?.Invoke(directory) ?? []);
        if (credentials is { } c)
        {
            var passwordFile = Path.Combine(directory, "passwords");
            await using (var passwd = PeerProcess.Start("mosquitto_passwd", "-c", "-b", passwordFile, c.User, c.Password))
                Assert.Equal(0, await passwd.WaitForExitAsync("mosquitto_passwd to write the password file"));
            config.Add("allow_anonymous false");
            config.Add($"password_file {passwordFile}");
        }
        else
        {
            config.Add("allow_anonymous true");
        }
        var configPath = Path.Combine(directory, "mosquitto.conf");
        await File.WriteAllLinesAsync(configPath, config);
        var process = PeerProcess.Start("mosquitto", "-c", configPath);
        var broker = new MosquittoBroker(process, directory, port);
        try
        {
            await process.WaitForLineAsync(" running", "mosquitto to report that it is running");
        }
        catch
        {
            await broker.DisposeAsync();
            throw;
        }
        return broker;
    }

    /// <summary>
    /// Kills mosquitto (as a crash would) and starts it again on the same port with the same config; without
    /// persistence it comes back empty, so only what clients resend exists afterwards.
    /// </summary>
    public async Task RestartAsync()
    {
        await _process.DisposeAsync();
        _process = PeerProcess.Start("mosquitto", "-c", Path.Combine(_directory, "mosquitto.conf"));
        await _process.WaitForLineAsync(" running", "mosquitto to report that it is running again");
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>
    /// Mosquitto cannot be told to bind port 0 and report it, so ask the OS for a free port and hand it over;
    /// the window between release and bind is tiny on loopback.
    /// </summary>
    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
