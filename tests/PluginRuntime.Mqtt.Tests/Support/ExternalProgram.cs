using System.Diagnostics;


namespace PluginRuntime.Mqtt.Tests.Support;

/// <summary>
/// A real peer process (mosquitto, mosquitto_sub, mosquitto_pub). Output lines are readable as a stream of
/// signals; the process is always killed on dispose. Missing binaries fail the test with what to install.
/// </summary>
internal sealed class ExternalProgram : IAsyncDisposable
{
    private readonly Process _process;
    private readonly System.Threading.Channels.Channel<string> _lines = System.Threading.Channels.Channel.CreateUnbounded<string>();
    private readonly List<string> _all = [];

    private ExternalProgram(Process process)
    {
        _process = process;
    }

    public static string Find(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        // Debian installs the broker in /usr/sbin, which is not on every user's PATH.
        var directories = path.Split(Path.PathSeparator).Append("/usr/sbin").Append("/usr/local/sbin");
        foreach (var dir in directories)
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
                return candidate;
        }
        var package = name switch
        {
            "mosquitto" or "mosquitto_passwd" => "mosquitto",
            "mosquitto_sub" or "mosquitto_pub" => "mosquitto-clients",
            "stdbuf" => "coreutils",
            "node" => "nodejs",
            _ => name,
        };
        throw new InvalidOperationException(
            $"'{name}' was not found on PATH. The MQTT interop tests run real peers; install the Debian package '{package}' " +
            "(all of them: apt-get install -y mosquitto mosquitto-clients coreutils nodejs npm).");
    }

    public static ExternalProgram Start(string name, params string[] arguments)
    {
        // stdbuf (coreutils) makes the tools line-buffer stdout, otherwise their output only appears at exit and
        // cannot serve as a signal.
        var info = new ProcessStartInfo(Find("stdbuf"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-oL");
        info.ArgumentList.Add(Find(name));
        foreach (var a in arguments)
            info.ArgumentList.Add(a);
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var program = new ExternalProgram(process);
        process.OutputDataReceived += (_, e) => program.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => program.OnLine(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return program;
    }

    public string Output
    {
        get
        {
            lock (_all)
                return string.Join('\n', _all);
        }
    }

    /// <summary>Waits for the next output line containing <paramref name="fragment"/>; earlier lines are consumed.</summary>
    public async Task<string> WaitForLineAsync(string fragment, string waitingFor, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? Within.Default);
        try
        {
            while (true)
            {
                var line = await _lines.Reader.ReadAsync(cts.Token);
                if (line.Contains(fragment, StringComparison.Ordinal))
                    return line;
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or System.Threading.Channels.ChannelClosedException)
        {
            throw new TimeoutException($"No output line with '{fragment}' ({waitingFor}). Output so far:\n{Output}");
        }
    }

    public async Task<int> WaitForExitAsync(string waitingFor, TimeSpan? timeout = null)
    {
        await Within.Await(_process.WaitForExitAsync(), $"{waitingFor}; output:\n{Output}", timeout);
        return _process.ExitCode;
    }

    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
                _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
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
            return;
        lock (_all)
            _all.Add(line);
        _lines.Writer.TryWrite(line);
    }
}
