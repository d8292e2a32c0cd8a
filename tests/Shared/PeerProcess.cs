using System.Diagnostics;
using System.Threading.Channels;

namespace PluginRuntime.Tests.Shared;

/// <summary>
/// A real peer process (mosquitto, mosquitto_sub, mosquitto_pub, node). Its output lines are signals to wait for;
/// it is always killed on dispose. A missing program fails the test with the Debian package to install.
/// </summary>
internal sealed class PeerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly List<string> _all = [];

    private PeerProcess(Process process) => _process = process;

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

    /// <summary>The program's path: on PATH, or in the sbin folders Debian installs the broker to.</summary>
    public static string Find(string name)
    {
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
            "mosquitto" or "mosquitto_passwd" => "mosquitto",
            "mosquitto_sub" or "mosquitto_pub" => "mosquitto-clients",
            "stdbuf" => "coreutils",
            "node" => "nodejs",
            _ => name,
        };
        throw new InvalidOperationException($"'{name}' was not found on PATH. These tests run real peers: install the Debian package " +
                                            $"'{package}' (all of them: apt-get install -y mosquitto mosquitto-clients coreutils nodejs npm; " +
                                            "or run scripts/install-test-deps.sh).");
    }

    public static PeerProcess Start(string program, params string[] arguments)
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
        var peer = new PeerProcess(process);
        process.OutputDataReceived += (_, e) => peer.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => peer.OnLine(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return peer;
    }

    /// <summary>Waits for the next line containing <paramref name="fragment"/>; the lines before it are consumed.</summary>
    public async Task<string> WaitForLineAsync(string fragment, string waitingFor, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TaskTimeouts.Limit;
        using var cancel = new CancellationTokenSource(limit);
        try
        {
            while (true)
            {
                var line = await _lines.Reader.ReadAsync(cancel.Token);
                if (line.Contains(fragment, StringComparison.Ordinal))
                {
                    return line;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"Gave up after {limit.TotalSeconds} s waiting for {waitingFor} (a line with '{fragment}'). Output so far:\n{Output}");
        }
    }

    public async Task<int> WaitForExitAsync(string waitingFor, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TaskTimeouts.Limit;
        try
        {
            await _process.WaitForExitAsync().WaitAsync(limit);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Gave up after {limit.TotalSeconds} s waiting for {waitingFor}; output:\n{Output}");
        }
        return _process.ExitCode;
    }

    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // it exited meanwhile
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        try
        {
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
        }
        _process.Dispose();
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
