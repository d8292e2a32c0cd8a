using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using PluginRuntime.Drivers.Pdk.Connection;
using PluginRuntime.Sdk.Protocols;

namespace PluginRuntime.Drivers.Pdk.Tests.EndToEnd;

/// <summary>
/// The real driver on a real Socket.IO connection, with signals for the test: each event the driver has finished
/// handling, each disconnect, each spec it applied.
/// </summary>
public sealed class ObservedPdkDoorController : PdkDoorController
{
    private readonly Channel<string> _handled = Channel.CreateUnbounded<string>();
    private readonly Channel<ProtocolSpec> _specs = Channel.CreateUnbounded<ProtocolSpec>();

    private readonly Channel<string> _disconnects = Channel.CreateUnbounded<string>();

    /// <summary>Waits until the driver has handled a dropped connection (and scheduled its reconnect).</summary>
    internal async Task<string> DisconnectedAsync(string what) => await _disconnects.Reader.ReadAsync().AsTask().WithTimeout(what);

    /// <summary>Waits until the driver has handled an event named <paramref name="eventName"/>; earlier ones are consumed.</summary>
    internal async Task HandledAsync(string eventName, string what)
    {
        using var timeout = new CancellationTokenSource(TaskTimeouts.Limit);
        try
        {
            while (await _handled.Reader.ReadAsync(timeout.Token) != eventName)
            {
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"Gave up waiting for the driver to handle '{eventName}' ({what}).");
        }
    }

    internal async Task<ProtocolSpec> NextSpecAsync(string what) => await _specs.Reader.ReadAsync().AsTask().WithTimeout(what);

    protected override IPanelConnection CreateConnection(TimeSpan connectTimeout) => new Observed(new SocketIoPanelConnection(connectTimeout), this);

    protected override void OnSpecApplied(ProtocolSpec spec) => _specs.Writer.TryWrite(spec);

    private sealed class Observed(IPanelConnection inner, ObservedPdkDoorController owner) : IPanelConnection
    {
        public Task ConnectAsync(Uri panelUrl, string token, IPanelListener listener, CancellationToken cancellationToken) =>
            inner.ConnectAsync(panelUrl, token, new Listener(listener, owner), cancellationToken);

        public Task EmitAsync(string eventName, JsonNode payload, CancellationToken cancellationToken) => inner.EmitAsync(eventName, payload, cancellationToken);

        public Task DisconnectAsync() => inner.DisconnectAsync();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }

    private sealed class Listener(IPanelListener inner, ObservedPdkDoorController owner) : IPanelListener
    {
        public void OnEvent(string eventName, JsonElement? payload)
        {
            inner.OnEvent(eventName, payload);
            owner._handled.Writer.TryWrite(eventName);
        }

        public void OnMalformed(string reason)
        {
            inner.OnMalformed(reason);
            owner._handled.Writer.TryWrite("(malformed)");
        }

        public void OnDisconnected(string reason)
        {
            inner.OnDisconnected(reason);
            owner._disconnects.Writer.TryWrite(reason);
        }
    }
}
