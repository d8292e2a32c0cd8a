using System.Text.Json;
using PluginRuntime.Host.Tests.Support;

namespace PluginRuntime.Host.Tests.Contracts.Support;

/// <summary>
/// A control websocket client whose every received message is checked against the spec: it must conform to exactly
/// one of the messages the runtime is declared to send. Records which message each one was.
/// </summary>
internal sealed class ContractClient(RealtimeClient client, AsyncApiSpec spec) : IAsyncDisposable
{
    private readonly IReadOnlySet<string> _sent = spec.SentMessages();

    public List<(string Message, string Wire)> Received { get; } = [];

    public Task SendAsync(string text) => client.SendAsync(text);

    public Task SendBinaryAsync(byte[] bytes) => client.SendAsync(bytes, System.Net.WebSockets.WebSocketMessageType.Binary);

    /// <summary>The next message, which must conform to one of the runtime's messages: its name and its text.</summary>
    public async Task<(string Message, string Wire)> NextAsync(string waitingFor)
    {
        string wire = await client.ReceiveTextAsync(waitingFor);
        string message = spec.AssertConformsToOneOf(_sent, wire);
        Received.Add((message, wire));
        return (message, wire);
    }

    /// <summary>The next message, which must be <paramref name="expected"/> (and conform to it).</summary>
    public async Task<JsonElement> ExpectAsync(string expected, string waitingFor)
    {
        var (message, wire) = await NextAsync(waitingFor);
        Assert.True(message == expected, $"expected {expected} while waiting for {waitingFor}, got {message}: {wire}");
        return Parse(wire);
    }

    /// <summary>The next <paramref name="count"/> messages in whatever order they come (e.g. a notify and the exec reply that caused it).</summary>
    public async Task<(string Message, JsonElement Frame)[]> NextManyAsync(int count, string waitingFor)
    {
        var frames = new (string, JsonElement)[count];
        for (int i = 0; i < count; i++)
        {
            var (message, wire) = await NextAsync($"{waitingFor} ({i + 1} of {count})");
            frames[i] = (message, Parse(wire));
        }
        return frames;
    }

    public async Task<int> ExpectErrorAsync(string request, string waitingFor)
    {
        await SendAsync(request);
        var error = await ExpectAsync("error", waitingFor);
        return error.GetProperty("code").GetInt32();
    }

    public ValueTask DisposeAsync() => client.DisposeAsync();

    private static JsonElement Parse(string wire)
    {
        if (wire is "pong")
        {
            return JsonSerializer.SerializeToElement(wire);
        }
        using var document = JsonDocument.Parse(wire);
        return document.RootElement.Clone();
    }
}
