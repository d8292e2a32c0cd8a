using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace PluginRuntime.Drivers.Resiot.Tests.Support;

/// <summary>
/// The repository's ResIOT simulator (simulators/resiot, a Node <c>ws</c> server) in test-control mode: the test
/// tells it what to push and reads what it received. Its output events are sorted by kind, so waiting for one kind
/// never consumes another.
/// </summary>
internal sealed class ResiotPeer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Channel<JsonObject>> _events = new();
    private ChildProcess? _process;

    private ResiotPeer()
    {
    }

    public int Port { get; private set; }

    public Uri Uri => new($"ws://127.0.0.1:{Port}/");

    public string Output => _process?.Output ?? "";

    public static async Task<ResiotPeer> StartAsync()
    {
        if (!Directory.Exists(RepoPaths.SimulatorModules))
        {
            throw new InvalidOperationException("The ResIOT simulator's packages are missing: run scripts/install-test-deps.sh (npm ci in simulators/resiot).");
        }
        var peer = new ResiotPeer();
        peer._process = ChildProcess.Start("node", [RepoPaths.Simulator], onLine: peer.OnLine);
        var listening = await peer.NextAsync("listening", "the ResIOT simulator to listen");
        peer.Port = listening["port"]!.GetValue<int>();
        return peer;
    }

    public Task WaitForClientAsync() => NextAsync("connected", "the driver to connect to the simulator");

    public Task WaitForDisconnectAsync() => NextAsync("disconnected", "the driver's connection to close");

    /// <summary>Pushes a communication to every connected client.</summary>
    public Task SendAsync(JsonNode message) => ControlAsync(new JsonObject { ["send"] = message.DeepClone() });

    /// <summary>Pushes exactly this text (for malformed input).</summary>
    public Task SendTextAsync(string text) => ControlAsync(new JsonObject { ["send_text"] = text });

    /// <summary>auto (validate and answer as ResIOT would), fail (always Fail with these details) or silent.</summary>
    public Task SetTxModeAsync(string mode, string details = "") => ControlAsync(new JsonObject { ["tx_mode"] = mode, ["details"] = details });

    public Task CloseClientsAsync() => ControlAsync(new JsonObject { ["close"] = true });

    /// <summary>The next message a client sent the simulator, as JSON.</summary>
    public async Task<JsonObject> NextReceivedAsync()
    {
        var received = await NextAsync("received", "the driver to send the simulator a command");
        return JsonNode.Parse(received["text"]!.GetValue<string>())!.AsObject();
    }

    public ValueTask DisposeAsync() => _process?.DisposeAsync() ?? ValueTask.CompletedTask;

    private async Task ControlAsync(JsonObject command)
    {
        await _process!.WriteLineAsync(command.ToJsonString());
        var done = await NextAsync("control", "the simulator to carry out " + command.ToJsonString());
        Assert.True(done["event"]!.GetValue<string>() == "control_done", $"The simulator refused {command.ToJsonString()}: {done.ToJsonString()}");
    }

    private async Task<JsonObject> NextAsync(string kind, string waitingFor)
    {
        try
        {
            return await Events(kind).Reader.ReadAsync().AsTask().WithTimeout(waitingFor);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message} Simulator output:\n{Output}");
        }
    }

    private Channel<JsonObject> Events(string kind) => _events.GetOrAdd(kind, _ => Channel.CreateUnbounded<JsonObject>());

    private void OnLine(string line)
    {
        JsonObject? message;
        try
        {
            message = JsonNode.Parse(line) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return;
        }
        if (message?["event"]?.GetValue<string>() is { } kind)
        {
            Events(kind.StartsWith("control_", StringComparison.Ordinal) ? "control" : kind).Writer.TryWrite(message);
        }
    }
}
