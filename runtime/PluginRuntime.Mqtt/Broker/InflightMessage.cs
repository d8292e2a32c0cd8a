namespace PluginRuntime.Mqtt.Broker;

/// <summary>A QoS 1/2 message sent to a client and not yet fully acknowledged; resent on reconnect.</summary>
internal sealed class InflightMessage
{
    public required ushort PacketIdentifier { get; init; }
    public required OutboundMessage Message { get; init; }
    /// <summary>QoS 2 after PUBREC: only PUBREL/PUBCOMP remain, the message itself is never resent.</summary>
    public bool Released { get; set; }
}
