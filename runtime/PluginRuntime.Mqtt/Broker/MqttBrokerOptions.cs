using System.Net;

namespace PluginRuntime.Mqtt.Broker;

/// <summary>Settings of an <see cref="MqttBroker"/>; validated by the broker before it starts.</summary>
public sealed class MqttBrokerOptions
{
    /// <summary>TCP endpoint to listen on; port 0 lets the OS choose (read it back from <see cref="MqttBroker.Port"/>).</summary>
    public IPEndPoint Endpoint { get; set; } = new(IPAddress.Loopback, 1883);

    /// <summary>Largest packet accepted from a client, in bytes (advertised to MQTT 5 clients).</summary>
    public int MaxPacketSize { get; set; } = 1024 * 1024;

    /// <summary>
    /// Messages kept per session while its client is offline or not acknowledging fast enough. When full, the
    /// oldest queued message is dropped so memory stays bounded and the newest state survives.
    /// </summary>
    public int MaxQueuedMessagesPerSession { get; set; } = 1000;

    /// <summary>Time a new connection has to send CONNECT before it is closed.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Topic aliases an MQTT 5 client may use towards the broker (0 disables them).</summary>
    public ushort TopicAliasMaximum { get; set; } = 64;

    /// <summary>
    /// Called for every CONNECT; return <see cref="MqttReasonCode.Success"/> to accept, or the refusal reason
    /// (e.g. <see cref="MqttReasonCode.BadUserNameOrPassword"/>). Null accepts everyone.
    /// </summary>
    public Func<MqttConnectRequest, CancellationToken, ValueTask<MqttReasonCode>>? AuthenticateAsync { get; set; }

    /// <summary>
    /// Decides whether a client may publish to a topic; null allows everything. Denied messages are dropped; MQTT 5
    /// clients get Not Authorized (0x87) in PUBACK/PUBREC. Called on the connection's receive loop: keep it fast.
    /// </summary>
    public Func<MqttConnectRequest, string, bool>? AuthorizePublish { get; set; }

    /// <summary>
    /// MQTT 3.1.1 has no way to tell a client its PUBLISH was refused; the broker may acknowledge and drop it (the
    /// default) or close the connection (3.3.5-2). True closes it, so a read-only client learns it may not publish.
    /// </summary>
    public bool CloseDeniedV311Publishers { get; set; }

    /// <summary>
    /// Decides whether a client may subscribe to a filter (as sent, including any "$share/group/" prefix); null
    /// allows everything. Denied filters get Not Authorized (0x87; 3.1.1: failure 0x80) in SUBACK.
    /// </summary>
    public Func<MqttConnectRequest, string, bool>? AuthorizeSubscribe { get; set; }

    /// <summary>Clock for keepalive, will delay and session expiry; tests may substitute it.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Endpoint, nameof(Endpoint));
        if (MaxPacketSize < 64)
            throw new ArgumentOutOfRangeException(nameof(MaxPacketSize), MaxPacketSize, "MaxPacketSize must be at least 64 bytes.");
        if (MaxQueuedMessagesPerSession < 1)
            throw new ArgumentOutOfRangeException(nameof(MaxQueuedMessagesPerSession), MaxQueuedMessagesPerSession, "Allow at least one queued message per session.");
        if (ConnectTimeout <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(ConnectTimeout), ConnectTimeout, "ConnectTimeout must be positive.");
        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
    }
}
