using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace PluginRuntime.Drivers.Resiot.Decoding;

/// <summary>
/// Runs operator-written JavaScript decoders in a supervised Node.js child process (there is no JS engine for .NET
/// here) speaking newline-delimited JSON over stdio. The process starts on the first call, with every decoder
/// loaded; a call that gets no answer in time kills it, and a process that died is started again on the next call,
/// so one bad decoder costs its own uplinks an error and nothing more.
/// </summary>
internal sealed class JsDecoderHost : IAsyncDisposable
{
    // Node interrupts a looping decoder itself after the timeout; this margin covers process start and the answer.
    private static readonly TimeSpan WatchdogMargin = TimeSpan.FromSeconds(2);
    private const int MaxStderrChars = 2000;

    private readonly string _nodePath;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IReadOnlyDictionary<string, string> _sources = new Dictionary<string, string>();
    private HostProcess? _process;
    private long _nextId;
    private int _starts;
    private bool _disposed;

    public JsDecoderHost(string nodePath, TimeSpan timeout, TimeProvider time, ILogger logger)
    {
        _nodePath = nodePath;
        _timeout = timeout;
        _time = time;
        _logger = logger;
    }

    /// <summary>The Node.js executable.</summary>
    public string NodePath => _nodePath;

    /// <summary>How long a decoder may run.</summary>
    public TimeSpan Timeout => _timeout;

    /// <summary>How many times the Node process was started (a restart after a crash or hang counts).</summary>
    public int Starts => Volatile.Read(ref _starts);

    /// <summary>The running process's id, or null; for tests that kill it.</summary>
    internal int? ProcessId => _process is { Exited: false } p ? p.Id : null;

    /// <summary>Replaces the decoders (name → source). A running process is stopped; the next call starts one with these.</summary>
    public async Task SetDecodersAsync(IReadOnlyDictionary<string, string> sources)
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (SameSources(sources))
            {
                return;
            }
            _sources = new Dictionary<string, string>(sources);
            Stop("its decoders changed");
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Runs decoder <paramref name="name"/> on an uplink.</summary>
    /// <exception cref="JsDecoderException">The decoder threw, did not load, or did not answer in time.</exception>
    public async Task<JsonObject> DecodeAsync(string name, byte[] bytes, int fPort, CancellationToken cancellationToken)
    {
        var request = new JsonObject
        {
            ["op"] = "decode",
            ["name"] = name,
            ["bytes"] = new JsonArray([.. bytes.Select(b => (JsonNode)b)]),
            ["fPort"] = fPort,
        };
        var answer = await CallAsync(request, $"decoder '{name}'", cancellationToken).ConfigureAwait(false);
        return answer["result"] as JsonObject ?? throw new JsDecoderException($"decoder '{name}' answered without a result.");
    }

    private async Task<JsonObject> CallAsync(JsonObject request, string what, CancellationToken cancellationToken)
    {
        HostProcess process;
        Task<JsonObject> answer;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            process = _process is { Exited: false } running ? running : await StartAsync().ConfigureAwait(false);
            long id = Interlocked.Increment(ref _nextId);
            request["id"] = id;
            answer = process.Expect(id);
            await process.WriteAsync(request).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            Stop("it could not be written to");
            throw new JsDecoderException($"{what}: the Node.js decoder host could not be used: {ex.Message}");
        }
        finally
        {
            _gate.Release();
        }

        var limit = _timeout + WatchdogMargin;
        JsonObject reply;
        try
        {
            reply = await answer.WaitAsync(limit, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            await StopAsync(process, $"{what} did not answer within {limit.TotalSeconds:0.###} s").ConfigureAwait(false);
            throw new JsDecoderException($"{what} did not answer within {limit.TotalSeconds:0.###} s; the decoder host was restarted.");
        }
        if (reply["ok"]?.GetValue<bool>() == true)
        {
            return reply;
        }
        throw new JsDecoderException($"{what} failed: {reply["error"]?.ToString() ?? "no reason given"}");
    }

    private async Task<HostProcess> StartAsync()
    {
        var info = new ProcessStartInfo(_nodePath)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
        };
        info.ArgumentList.Add("-e");
        info.ArgumentList.Add(HostScript.Value);
        info.Environment["RESIOT_DECODER_TIMEOUT_MS"] = ((int)Math.Ceiling(_timeout.TotalMilliseconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException("Process.Start returned nothing");
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new JsDecoderException(
                $"cannot start Node.js ('{_nodePath}') for the JavaScript decoders: {ex.Message}. Install Node.js or set the 'node' setting to its path.");
        }
        Interlocked.Increment(ref _starts);
        var host = new HostProcess(process, _logger);
        _process = host;
        foreach (var (name, source) in _sources)
        {
            long id = Interlocked.Increment(ref _nextId);
            // Load answers are not waited for (nor kept): a decoder that fails to load says why on each of its decode calls.
            await host.WriteAsync(new JsonObject { ["id"] = id, ["op"] = "load", ["name"] = name, ["source"] = source }).ConfigureAwait(false);
        }
        return host;
    }

    private async Task StopAsync(HostProcess process, string reason)
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (ReferenceEquals(process, _process))
            {
                Stop(reason);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private void Stop(string reason)
    {
        if (_process is { } process)
        {
            _process = null;
            process.Kill(reason);
        }
    }

    private bool SameSources(IReadOnlyDictionary<string, string> sources) =>
        sources.Count == _sources.Count && sources.All(s => _sources.TryGetValue(s.Key, out var v) && v == s.Value);

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            _disposed = true;
            Stop("the module stopped");
        }
        finally
        {
            _gate.Release();
        }
    }

    private static readonly Lazy<string> HostScript = new(() =>
    {
        using var stream = typeof(JsDecoderHost).Assembly.GetManifestResourceStream("decoder-host.js")
            ?? throw new InvalidOperationException("The decoder host script is missing from the driver assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    /// <summary>One Node process: its stdin, a reader of its answers, and the calls waiting for them.</summary>
    private sealed class HostProcess
    {
        private readonly ConcurrentDictionary<long, TaskCompletionSource<JsonObject>> _pending = new();
        private readonly StringBuilder _stderr = new();
        private readonly ILogger _logger;
        private volatile bool _exited;
        private string? _stopReason;

        public HostProcess(Process process, ILogger logger)
        {
            Process = process;
            Id = process.Id;
            _logger = logger;
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is null)
                {
                    return;
                }
                lock (_stderr)
                {
                    if (_stderr.Length < MaxStderrChars)
                    {
                        _stderr.AppendLine(e.Data);
                    }
                }
            };
            process.BeginErrorReadLine();
            _ = Task.Run(ReadAnswersAsync);
        }

        public Process Process { get; }

        public int Id { get; }

        public bool Exited => _exited;

        public Task<JsonObject> Expect(long id)
        {
            var answer = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
            _pending[id] = answer;
            if (_exited)
            {
                FailAll();
            }
            return answer.Task;
        }

        public async Task WriteAsync(JsonObject request)
        {
            await Process.StandardInput.WriteLineAsync(request.ToJsonString()).ConfigureAwait(false);
            await Process.StandardInput.FlushAsync().ConfigureAwait(false);
        }

        public void Kill(string reason)
        {
            _stopReason = reason;
            try
            {
                Process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }

        private async Task ReadAnswersAsync()
        {
            try
            {
                while (await Process.StandardOutput.ReadLineAsync().ConfigureAwait(false) is { } line)
                {
                    JsonObject? answer;
                    try
                    {
                        answer = JsonNode.Parse(line) as JsonObject;
                    }
                    catch (JsonException)
                    {
                        answer = null;
                    }
                    if (answer?["id"] is JsonValue idValue && idValue.TryGetValue(out long id) && _pending.TryRemove(id, out var waiting))
                    {
                        waiting.TrySetResult(answer);
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
            {
                // The process is gone; the calls still waiting fail below.
            }
            _exited = true;
            FailAll();
            try
            {
                await Process.WaitForExitAsync().ConfigureAwait(false);
            }
            catch (InvalidOperationException)
            {
            }
            if (_stopReason is null)
            {
                _logger.LogWarning("The JavaScript decoder host exited unexpectedly (exit code {ExitCode}): {Stderr}. It is started again on the next uplink.",
                    SafeExitCode(), Stderr());
            }
            Process.Dispose();
        }

        private void FailAll()
        {
            string reason = _stopReason ?? $"the Node.js decoder host exited (exit code {SafeExitCode()}){(Stderr() is { Length: > 0 } s ? ": " + s : "")}";
            foreach (var id in _pending.Keys)
            {
                if (_pending.TryRemove(id, out var waiting))
                {
                    waiting.TrySetException(new JsDecoderException(reason + "; it is started again on the next uplink."));
                }
            }
        }

        private string SafeExitCode()
        {
            try
            {
                return Process.HasExited ? Process.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture) : "unknown";
            }
            catch (InvalidOperationException)
            {
                return "unknown";
            }
        }

        private string Stderr()
        {
            lock (_stderr)
            {
                return _stderr.ToString().Trim();
            }
        }
    }
}
