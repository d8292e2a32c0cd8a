using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using PluginRuntime.Drivers.Pdk.Tests.Support;

namespace PluginRuntime.Drivers.Pdk.Tests.EndToEnd;

/// <summary>
/// The PDK panel simulator (simulators/pdk-panel, a real socket.io@2 server) as a child process on 127.0.0.1 with a
/// port chosen by the OS. Controlled over stdin; everything it observes arrives as JSON lines on stdout.
/// </summary>
internal sealed class PdkPanelProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<JsonElement> _lines = Channel.CreateUnbounded<JsonElement>();
    private readonly Channel<JsonElement> _acks = Channel.CreateUnbounded<JsonElement>();
    private readonly List<string> _all = [];
    private int _seq;

    private PdkPanelProcess(Process process)
    {
        _process = process;
    }

    public int Port { get; private set; }

    public string Url => $"http://127.0.0.1:{Port}";

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

    public static async Task<PdkPanelProcess> StartAsync(string token = "panel-token")
    {
        string script = Settings.RepoFile("simulators/pdk-panel/pdk-panel.js");
        if (!Directory.Exists(Settings.RepoFile("simulators/pdk-panel/node_modules/socket.io")))
        {
            throw new InvalidOperationException("The PDK panel simulator's packages are not installed: run scripts/install-test-deps.sh " +
                "(npm ci --prefix simulators/pdk-panel).");
        }
        var info = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { script, "--port", "0", "--token", token })
        {
            info.ArgumentList.Add(argument);
        }
        var process = new Process { StartInfo = info };
        var panel = new PdkPanelProcess(process);
        process.OutputDataReceived += (_, e) => panel.OnLine(e.Data, stdout: true);
        process.ErrorDataReceived += (_, e) => panel.OnLine(e.Data, stdout: false);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var listening = await panel.WaitForAsync(l => l.GetProperty("event").GetString() == "listening", "the simulator to listen");
        panel.Port = listening.GetProperty("port").GetInt32();
        return panel;
    }

    /// <summary>Sends a control request and waits for its acknowledgement.</summary>
    public async Task ControlAsync(object request)
    {
        int seq = Interlocked.Increment(ref _seq);
        var json = JsonSerializer.SerializeToNode(request)!.AsObject();
        json["seq"] = seq;
        await _process.StandardInput.WriteLineAsync(json.ToJsonString()).WithTimeout("writing to the simulator");
        await _process.StandardInput.FlushAsync().WithTimeout("writing to the simulator");
        await WaitForAsync(_acks, l => l.GetProperty("seq").GetInt32() == seq, $"the simulator to do {json.ToJsonString()}");
    }

    /// <summary>
    /// Waits for the next stdout record (other than acknowledgements) matching <paramref name="match"/>; records
    /// before it are consumed.
    /// </summary>
    public Task<JsonElement> WaitForAsync(Func<JsonElement, bool> match, string what) => WaitForAsync(_lines, match, what);

    private async Task<JsonElement> WaitForAsync(Channel<JsonElement> records, Func<JsonElement, bool> match, string what)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TaskTimeouts.Limit);
            while (true)
            {
                var line = await records.Reader.ReadAsync(timeout.Token);
                if (line.TryGetProperty("event", out _) && match(line))
                {
                    return line;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"Gave up waiting for {what}. Simulator output:\n{Output}");
        }
    }

    public Task<JsonElement> WaitForEventAsync(string name, string what) =>
        WaitForAsync(l => l.GetProperty("event").GetString() == name, what);

    private void OnLine(string? line, bool stdout)
    {
        if (line is null)
        {
            return;
        }
        lock (_all)
        {
            _all.Add(line);
        }
        if (stdout && line.StartsWith('{'))
        {
            var record = JsonDocument.Parse(line).RootElement.Clone();
            (record.GetProperty("event").GetString() == "ack" ? _acks : _lines).Writer.TryWrite(record);
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
    }
}
