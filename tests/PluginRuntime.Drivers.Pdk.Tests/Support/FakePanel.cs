using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using PluginRuntime.Drivers.Pdk.Connection;

namespace PluginRuntime.Drivers.Pdk.Tests.Support;

/// <summary>
/// The panel end of <see cref="IPanelConnection"/> for harness tests: records connects and emits, delivers events to
/// the driver synchronously (so status is written when <see cref="Deliver"/> returns), drops the connection on demand.
/// </summary>
internal sealed class FakePanel : IPanelConnection
{
    private readonly Channel<(string Event, JsonObject Payload)> _emitted = Channel.CreateUnbounded<(string, JsonObject)>();
    private readonly Channel<string> _connects = Channel.CreateUnbounded<string>();
    private IPanelListener? _listener;

    /// <summary>When set, the next connect attempt fails with it.</summary>
    public PanelConnectionException? RefuseNext { get; set; }

    public int ConnectAttempts { get; private set; }

    public bool IsConnected => _listener is not null;

    public Task ConnectAsync(Uri panelUrl, string token, IPanelListener listener, CancellationToken cancellationToken)
    {
        ConnectAttempts++;
        _connects.Writer.TryWrite(token);
        if (RefuseNext is { } refusal)
        {
            RefuseNext = null;
            return Task.FromException(refusal);
        }
        _listener = listener;
        return Task.CompletedTask;
    }

    public Task EmitAsync(string eventName, JsonNode payload, CancellationToken cancellationToken)
    {
        if (_listener is null)
        {
            throw new PanelConnectionException("Not connected.");
        }
        _emitted.Writer.TryWrite((eventName, payload.DeepClone().AsObject()));
        return Task.CompletedTask;
    }

    public Task DisconnectAsync()
    {
        _listener = null;
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>The panel emits an event (JSON text, or null for none).</summary>
    public void Deliver(string eventName, string? json)
    {
        var listener = _listener ?? throw new InvalidOperationException("The driver is not connected to the fake panel.");
        listener.OnEvent(eventName, json is null ? null : JsonDocument.Parse(json).RootElement.Clone());
    }

    /// <summary>The connection received a packet it could not read.</summary>
    public void DeliverMalformed(string reason)
    {
        var listener = _listener ?? throw new InvalidOperationException("The driver is not connected to the fake panel.");
        listener.OnMalformed(reason);
    }

    /// <summary>The connection drops.</summary>
    public void Drop(string reason)
    {
        var listener = _listener ?? throw new InvalidOperationException("The driver is not connected to the fake panel.");
        _listener = null;
        listener.OnDisconnected(reason);
    }

    /// <summary>The next thing the driver emitted.</summary>
    public async Task<(string Event, JsonObject Payload)> NextEmitAsync(string what) =>
        await _emitted.Reader.ReadAsync().AsTask().WithTimeout(what);

    /// <summary>The token of the next connect attempt.</summary>
    public async Task<string> NextConnectAsync(string what) => await _connects.Reader.ReadAsync().AsTask().WithTimeout(what);

    public bool HasEmitted => _emitted.Reader.TryPeek(out _);
}
