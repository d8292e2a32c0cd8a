using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace PluginRuntime.MqttBench;

/// <summary>A mosquitto started for the benchmark on a free loopback port, killed at the end.</summary>
internal sealed class MosquittoProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private MosquittoProcess(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public static async Task<MosquittoProcess> StartAsync()
    {
        var binary = new[] { "/usr/sbin/mosquitto", "/usr/local/sbin/mosquitto", "/usr/bin/mosquitto" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("mosquitto is not installed; run scripts/install-test-deps.sh (Debian package 'mosquitto').");
        var directory = Directory.CreateTempSubdirectory("mqttbench-").FullName;
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        var config = Path.Combine(directory, "mosquitto.conf");
        await File.WriteAllLinesAsync(config,
        [
            $"listener {port.ToString(CultureInfo.InvariantCulture)} 127.0.0.1",
            "allow_anonymous true",
            "persistence false",
            "log_dest none",
            // Parity with the embedded broker: 100 unacknowledged messages per client (mosquitto's default is 20)
            // and no Nagle delay (the embedded broker sets TCP_NODELAY).
            "max_inflight_messages 100",
            "set_tcp_nodelay true",
            $"user {Environment.UserName}",
        ]);
        var process = Process.Start(new ProcessStartInfo(binary, ["-c", config]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        var started = new MosquittoProcess(process, directory, port);
        // Ready when it accepts a TCP connection.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync(IPAddress.Loopback, port);
                return started;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(50);
            }
            catch
            {
                await started.DisposeAsync();
                throw;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
        {
        }
        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
