using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace PluginRuntime.Core.Scripting.Node;

/// <summary>
/// One Node.js child process running host.js: newline-delimited JSON on stdin/stdout, with one send loop, one receive
/// loop, request/reply correlation by id, and stderr handed over line by line. Knows nothing of drivers or modules:
/// every message that isn't a reply goes to <see cref="OnMessage"/>.
/// </summary>
internal sealed class NodeProcess
{
    private static readonly byte[] Newline = "\n"u8.ToArray();

    private readonly Process _process;
    private readonly Channel<byte[]> _outbox = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<long, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly TaskCompletionSource _hello = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _nextId;
    private volatile string _exitReason = "it exited";

    private NodeProcess(Process process)
    {
        _process = process;
        ProcessId = process.Id;
    }

    /// <summary>Every message from Node that isn't a reply to this side's request: (type, whole message).</summary>
    public Action<string, JsonElement>? OnMessage { get; set; }

    /// <summary>Each line Node wrote to stderr.</summary>
    public Action<string>? OnStderr { get; set; }

    public int ProcessId { get; }

    /// <summary>Why the process is gone (or will be): "it exited with code 1", "it did not answer a heartbeat…".</summary>
    public string ExitReason => _exitReason;

    /// <summary>Completes with the exit code once the process has exited and its output is drained.</summary>
    public Task<int> Exited => _exited.Task;

    /// <summary>Completes when host.js has started and is listening.</summary>
    public Task Ready => _hello.Task;

    /// <summary>Starts node on host.js; <paramref name="preloadTypeScript"/> loads the compiler before any driver asks.</summary>
    public static NodeProcess Start(string node, string hostFolder, bool preloadTypeScript)
    {
        var start = new ProcessStartInfo(node)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = hostFolder,
        };
        start.ArgumentList.Add("--enable-source-maps");
        start.ArgumentList.Add(Path.Combine(hostFolder, NodeToolchain.HostScript));
        if (preloadTypeScript)
        {
            start.ArgumentList.Add("--preload-typescript");
        }
        var process = new Process { StartInfo = start };
        process.Start();
        var started = new NodeProcess(process);
        _ = started.SendLoopAsync();
        _ = started.RunAsync();
        return started;
    }

    /// <summary>Sends a request and waits for its reply's value; a failed reply throws <see cref="NodeScriptException"/>.</summary>
    public async Task<JsonElement> RequestAsync(string type, string? moduleId, Action<Utf8JsonWriter>? fields, CancellationToken cancellationToken)
    {
        long id = Interlocked.Increment(ref _nextId);
        var reply = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        if (_exited.Task.IsCompleted)
        {
            _pending.TryRemove(id, out _);
            throw new NodeProcessDownException(_exitReason);
        }
        Send(type, moduleId, writer =>
        {
            writer.WriteNumber("id", id);
            fields?.Invoke(writer);
        });
        try
        {
            return await reply.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    /// <summary>Sends a message that gets no reply.</summary>
    public void Send(string type, string? moduleId, Action<Utf8JsonWriter>? fields)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("t", type);
            if (moduleId is not null)
            {
                writer.WriteString("m", moduleId);
            }
            fields?.Invoke(writer);
            writer.WriteEndObject();
        }
        _outbox.Writer.TryWrite(buffer.WrittenSpan.ToArray());
    }

    /// <summary>Kills the process (and anything it started); <paramref name="reason"/> is what pending and later requests are told.</summary>
    public void Kill(string reason)
    {
        _exitReason = reason;
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private async Task SendLoopAsync()
    {
        var stdin = _process.StandardInput.BaseStream;
        try
        {
            while (await _outbox.Reader.WaitToReadAsync().ConfigureAwait(false))
            {
                // Write everything queued, then flush once: a burst of calls costs one syscall, not one each.
                while (_outbox.Reader.TryRead(out var message))
                {
                    await stdin.WriteAsync(message).ConfigureAwait(false);
                    await stdin.WriteAsync(Newline).ConfigureAwait(false);
                }
                await stdin.FlushAsync().ConfigureAwait(false);
            }
        }
        catch (IOException)
        {
            // The process is gone; RunAsync reports the exit.
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task RunAsync()
    {
        var stderr = ReadStderrAsync();
        try
        {
            while (await _process.StandardOutput.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                Dispatch(line);
            }
        }
        catch (IOException)
        {
        }
        await stderr.ConfigureAwait(false);
        await _process.WaitForExitAsync().ConfigureAwait(false);
        int code = _process.ExitCode;
        if (_exitReason == "it exited")
        {
            _exitReason = $"it exited with code {code}";
        }
        _outbox.Writer.TryComplete();
        foreach (var (id, reply) in _pending.ToArray())
        {
            _pending.TryRemove(id, out _);
            reply.TrySetException(new NodeProcessDownException(_exitReason));
        }
        _hello.TrySetException(new NodeProcessDownException(_exitReason));
        _process.Dispose();
        _exited.TrySetResult(code);
    }

    private async Task ReadStderrAsync()
    {
        try
        {
            while (await _process.StandardError.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                OnStderr?.Invoke(line);
            }
        }
        catch (IOException)
        {
        }
    }

    private void Dispatch(string line)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException ex)
        {
            OnStderr?.Invoke($"(dropped a malformed message from Node.js: {ex.Message}) {Truncate(line)}");
            return;
        }
        using (document)
        {
            var message = document.RootElement;
            if (message.ValueKind != JsonValueKind.Object || !message.TryGetProperty("t", out var typeElement) ||
                typeElement.GetString() is not { } type)
            {
                OnStderr?.Invoke($"(dropped a message from Node.js without a type) {Truncate(line)}");
                return;
            }
            switch (type)
            {
                case "hello":
                    _hello.TrySetResult();
                    return;
                case "reply" when message.GetProperty("id").ValueKind == JsonValueKind.Number:
                    Complete(message);
                    return;
                default:
                    OnMessage?.Invoke(type, message);
                    return;
            }
        }
    }

    private void Complete(JsonElement message)
    {
        if (!_pending.TryRemove(message.GetProperty("id").GetInt64(), out var reply))
        {
            return; // its caller gave up (cancelled or timed out)
        }
        if (message.TryGetProperty("ok", out var ok) && ok.ValueKind == JsonValueKind.True)
        {
            reply.TrySetResult(message.TryGetProperty("value", out var value) ? value.Clone() : default);
            return;
        }
        string error = message.TryGetProperty("error", out var text) && text.ValueKind == JsonValueKind.String ? text.GetString()! : "failed";
        string? where = message.TryGetProperty("where", out var at) && at.ValueKind == JsonValueKind.String ? at.GetString() : null;
        reply.TrySetException(new NodeScriptException(error, where));
    }

    private static string Truncate(string line) => line.Length <= 200 ? line : line[..200] + "…";
}
