using System.Net.Security;

namespace PluginRuntime.Mqtt.Client;

/// <summary>Settings of an <see cref="MqttClient"/>; validated when the client is created.</summary>
public sealed class MqttClientOptions
{
    /// <summary>Broker host name or IP address.</summary>
    public required string Host { get; set; }

    /// <summary>Broker TCP port.</summary>
    public int Port { get; set; } = 1883;

    /// <summary>
    /// TLS settings; null connects in plain TCP. The certificate is checked against the system trust store and
    /// <see cref="Host"/> unless the options say otherwise (their <c>TargetHost</c> defaults to <see cref="Host"/>).
    /// </summary>
    public SslClientAuthenticationOptions? Tls { get; set; }

    /// <summary>Protocol version to speak.</summary>
    public MqttProtocolVersion ProtocolVersion { get; set; } = MqttProtocolVersion.V500;

    /// <summary>Client identifier; empty lets an MQTT 5 broker assign one (3.1.1 requires <see cref="CleanStart"/>).</summary>
    public string ClientId { get; set; } = "";

    /// <summary>User name sent in CONNECT.</summary>
    public string? Username { get; set; }

    /// <summary>Password sent in CONNECT (UTF-8 encoded).</summary>
    public string? Password { get; set; }

    /// <summary>
    /// Start a new session on the first connection. Reconnects always ask to resume, so messages in flight and
    /// subscriptions survive when the broker kept the session.
    /// </summary>
    public bool CleanStart { get; set; } = true;

    /// <summary>MQTT 5: seconds the broker keeps the session after a disconnect (3.1.1: persistent when not clean).</summary>
    public uint SessionExpiryInterval { get; set; }

    /// <summary>Keepalive period; zero disables PINGREQ and the broker's idle timeout.</summary>
    public TimeSpan KeepAlive { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Message the broker publishes if this client vanishes.</summary>
    public MqttApplicationMessage? Will { get; set; }

    /// <summary>MQTT 5 will delay in seconds.</summary>
    public uint WillDelayInterval { get; set; }

    /// <summary>Reconnect after a lost connection (only after the first <see cref="MqttClient.ConnectAsync"/> succeeded).</summary>
    public bool AutoReconnect { get; set; } = true;

    /// <summary>First reconnect delay; doubles per failed attempt up to <see cref="ReconnectDelayMax"/>.</summary>
    public TimeSpan ReconnectDelayMin { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest delay between reconnect attempts.</summary>
    public TimeSpan ReconnectDelayMax { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Messages that may wait to be sent (e.g. while disconnected). They are sent in order once connected; when
    /// full, publishing while disconnected fails immediately instead of growing memory.
    /// </summary>
    public int MaxPendingMessages { get; set; } = 1000;

    /// <summary>Time allowed for TCP connect plus CONNACK.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Largest packet accepted from the broker.</summary>
    public int MaxPacketSize { get; set; } = 16 * 1024 * 1024;

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(Host))
            throw new ArgumentException("Host is required (broker host name or IP address).", nameof(Host));
        if (Port is < 1 or > 65535)
            throw new ArgumentOutOfRangeException(nameof(Port), Port, "Port must be 1-65535.");
        if (ProtocolVersion == MqttProtocolVersion.V311 && ClientId.Length == 0 && !CleanStart)
            throw new ArgumentException("MQTT 3.1.1 needs a ClientId for a persistent session (CleanStart = false).", nameof(ClientId));
        if (KeepAlive < TimeSpan.Zero || KeepAlive.TotalSeconds > ushort.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(KeepAlive), KeepAlive, "KeepAlive must be 0-65535 seconds.");
        if (ReconnectDelayMin <= TimeSpan.Zero || ReconnectDelayMax < ReconnectDelayMin)
            throw new ArgumentOutOfRangeException(nameof(ReconnectDelayMin), "Reconnect delays must be positive and Min <= Max.");
        if (MaxPendingMessages < 1)
            throw new ArgumentOutOfRangeException(nameof(MaxPendingMessages), MaxPendingMessages, "Allow at least one pending message.");
        if (ConnectTimeout <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(ConnectTimeout), ConnectTimeout, "ConnectTimeout must be positive.");
    }
}
