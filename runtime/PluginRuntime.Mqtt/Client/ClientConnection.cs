using PluginRuntime.Mqtt.Channel;

namespace PluginRuntime.Mqtt.Client;

/// <summary>State of one network connection of the client; replaced wholesale on reconnect.</summary>
internal sealed class ClientConnection
{
    public ClientConnection(MqttConnection connection, int receiveMaximum, int alreadyInflight, TimeSpan keepAlive)
    {
        Connection = connection;
        InflightSlots = new SemaphoreSlim(Math.Max(0, receiveMaximum - alreadyInflight), Math.Max(receiveMaximum, alreadyInflight));
        KeepAlive = keepAlive;
    }

    public MqttConnection Connection { get; }

    /// <summary>Bounds QoS 1/2 messages in flight to the broker's Receive Maximum.</summary>
    public SemaphoreSlim InflightSlots { get; }

    public TimeSpan KeepAlive { get; }

    public CancellationTokenSource Stop { get; } = new();

    /// <summary>Environment.TickCount64 when the outstanding PINGREQ was sent; 0 when none is outstanding.</summary>
    public long PingSentTicks;

    public int Closing;

    public TaskCompletionSource Closed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Receive { get; set; } = Task.CompletedTask;

    public Task Pump { get; set; } = Task.CompletedTask;

    public Task KeepAliveLoop { get; set; } = Task.CompletedTask;

    public void ReleaseSlot()
    {
        try
        {
            InflightSlots.Release();
        }
        catch (SemaphoreFullException)
        {
            // Acks for messages resent from an earlier connection can exceed this connection's count; ignore.
        }
    }
}
