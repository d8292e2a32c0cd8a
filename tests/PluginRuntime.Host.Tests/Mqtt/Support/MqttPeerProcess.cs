using System.Diagnostics;
using System.Threading.Channels;

namespace PluginRuntime.Host.Tests.Mqtt.Support;

/// <summary>
/// A real peer process (mosquitto, mosquitto_sub, mosquitto_pub, node). Its output lines are signals to wait for;
/// it is always killed on dispose. A missing program fails the test with what to install.
/// </summary>
internal sealed class MqttPeerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly List<string> _all = [];

    private MqttPeerProcess(Process process) => _process = process;

    public string Output
    {
        get
        {
            lock (_all)
            {
                return string.Join('\n', _all);
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public static MqttPeerProcess Start(string program, params string[] arguments)
    {
        // stdbuf makes the tools line-buffer stdout, so each line arrives when it is printed, not at exit.
        var info = new ProcessStartInfo(Find("stdbuf"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-oL");
        info.ArgumentList.Add(Find(program));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var peer = new MqttPeerProcess(process);
        process.OutputDataReceived += (_, e) => peer.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => peer.OnLine(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return peer;
    }

    /// <summary>Waits for the next line containing <paramref name="fragment"/>; the lines before it are consumed.</summary>
    public async Task<string> NextLineAsync(string fragment, string waitingFor)
    {
        using var timeout = new CancellationTokenSource(TaskTimeouts.Limit);
        try
        {
            while (true)
            {
                var line = await _lines.Reader.ReadAsync(timeout.Token);
                if (line.Contains(fragment, StringComparison.Ordinal))
                {
                    return line;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"Gave up after {TaskTimeouts.Limit.TotalSeconds} s waiting for {waitingFor} (a line with '{fragment}'). Output so far:\n{Output}");
        }
    }

    public async Task<int> WaitForExitAsync(string waitingFor)
    {
        await _process.WaitForExitAsync().WithTimeout($"{waitingFor}; output:\n{Output}");
        return _process.ExitCode;
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
    }

    private static string Find(string name)
    {
        // Debian installs the broker in /usr/sbin, which is not on every user's PATH.
        var directories = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Append("/usr/sbin").Append("/usr/local/sbin");
        foreach (var directory in directories)
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        var package = name switch
        {
            "mosquitto" => "mosquitto",
            "mosquitto_sub" or "mosquitto_pub" => "mosquitto-clients",
            "stdbuf" => "coreutils",
            "node" => "nodejs",
            _ => name,
        };
        throw new InvalidOperationException($"'{name}' was not found on PATH. The MQTT face tests run real peers: install the Debian package " +
                                            $"'{package}' (or run scripts/install-test-deps.sh).");
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_all)
        {
            _all.Add(line);
        }
        _lines.Writer.TryWrite(line);
    }
}
