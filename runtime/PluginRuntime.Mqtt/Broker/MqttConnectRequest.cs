using System.Net;

namespace PluginRuntime.Mqtt.Broker;

/// <summary>What a connecting client presented, handed to <see cref="MqttBrokerOptions.AuthenticateAsync"/>.</summary>
public sealed class MqttConnectRequest
{
    /// <summary>Client identifier (possibly assigned by the broker when the client sent an empty one).</summary>
    public required string ClientId { get; init; }

    /// <summary>User name, if the client sent one.</summary>
    public string? Username { get; init; }

    /// <summary>Password bytes, if the client sent them.</summary>
    public ReadOnlyMemory<byte>? Password { get; init; }

    /// <summary>Protocol version the client speaks.</summary>
    public MqttProtocolVersion ProtocolVersion { get; init; }

    /// <summary>Remote address, when the transport has one.</summary>
    public EndPoint? RemoteEndPoint { get; init; }
}
