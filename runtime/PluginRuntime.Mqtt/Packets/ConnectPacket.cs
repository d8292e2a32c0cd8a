namespace PluginRuntime.Mqtt.Packets;

/// <summary>CONNECT (3.1): the first packet from a client. Nullable members are absent properties.</summary>
internal sealed class ConnectPacket : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.Connect;

    public MqttProtocolVersion ProtocolVersion { get; set; } = MqttProtocolVersion.V500;
    public string ClientId { get; set; } = "";
    /// <summary>Clean Session in 3.1.1, Clean Start in 5.0.</summary>
    public bool CleanStart { get; set; } = true;
    public ushort KeepAliveSeconds { get; set; }
    public string? Username { get; set; }
    public byte[]? Password { get; set; }

    /// <summary>The will message, if the will flag is set; its v5 properties travel with it.</summary>
    public MqttApplicationMessage? Will { get; set; }
    /// <summary>MQTT 5 Will Delay Interval (a will property).</summary>
    public uint? WillDelayInterval { get; set; }

    public uint? SessionExpiryInterval { get; set; }
    public ushort? ReceiveMaximum { get; set; }
    public uint? MaximumPacketSize { get; set; }
    public ushort? TopicAliasMaximum { get; set; }
    public bool? RequestResponseInformation { get; set; }
    public bool? RequestProblemInformation { get; set; }
    public string? AuthenticationMethod { get; set; }
    public byte[]? AuthenticationData { get; set; }
    public List<MqttUserProperty> UserProperties { get; set; } = [];
}
