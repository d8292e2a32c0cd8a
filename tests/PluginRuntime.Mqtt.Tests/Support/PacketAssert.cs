using System.Text.Json;
using PluginRuntime.Mqtt.Packets;

namespace PluginRuntime.Mqtt.Tests.Support;

/// <summary>Structural packet equality via JSON of every public member, so new members are compared automatically.</summary>
internal static class PacketAssert
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true, IncludeFields = true };

    public static string Describe(MqttPacket packet) => JsonSerializer.Serialize(packet, packet.GetType(), Options);

    public static void Equal(MqttPacket expected, MqttPacket actual)
    {
        Assert.Equal(expected.GetType(), actual.GetType());
        Assert.Equal(Describe(expected), Describe(actual));
    }
}
