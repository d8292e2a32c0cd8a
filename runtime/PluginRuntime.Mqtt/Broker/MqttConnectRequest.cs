using System.Net;

namespace PluginRuntime.Mqtt.Broker;

/// <summary>
/// What a connecting client presented: handed to <see cref="MqttBrokerOptions.AuthenticateAsync"/> and, for the
/// life of the connection, to the publish/subscribe authorization hooks.
/// </summary>
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

    /// <summary>
    /// Free slot for <see cref="MqttBrokerOptions.AuthenticateAsync"/> to remember who this is (e.g. a role), so
    /// the authorization hooks can decide per topic without authenticating again.
    /// </summary>
    public object? State { get; set; }
}
