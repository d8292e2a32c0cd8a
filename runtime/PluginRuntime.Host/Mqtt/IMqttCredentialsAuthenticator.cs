namespace PluginRuntime.Host.Mqtt;

/// <summary>
/// Checks the credentials an MQTT client sent in CONNECT to the embedded broker. PlaceOS clients put an API key or
/// a user's JWT in the username and/or password.
/// </summary>
/// <remarks>
/// The seam for token support: the implementation registered today (<see cref="ApiKeyMqttCredentialsAuthenticator"/>)
/// knows API keys only. When the REST face's JWT validation exists, register an implementation that tries it (for
/// a password that looks like a JWT) before the API keys, ahead of <c>AddMqttFace()</c>, which only adds the API key
/// one if none is registered.
/// </remarks>
internal interface IMqttCredentialsAuthenticator
{
    ValueTask<MqttCredentialsResult> AuthenticateAsync(string? username, ReadOnlyMemory<byte>? password, CancellationToken cancellationToken);
}
