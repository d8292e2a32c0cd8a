namespace PluginRuntime.Mqtt.Packets;

/// <summary>Packets that carry a packet identifier, so connections can correlate acknowledgements generically.</summary>
internal interface IMqttPacketWithIdentifier
{
    ushort PacketIdentifier { get; }
}
