using PluginRuntime.Host.Auth;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace PluginRuntime.Host.Mqtt;

/// <summary>Registers the MQTT face: one call on the services, one on the app.</summary>
internal static class MqttFaceExtensions
{
    /// <summary>
    /// The publisher (a hosted service: register it after the engine's, so the config is loaded when it starts) and the
    /// embedded broker's authenticator (API keys and bearer tokens, through the host's shared authenticator), unless
    /// another <see cref="IMqttCredentialsAuthenticator"/> is registered first.
    /// </summary>
    public static IServiceCollection AddMqttFace(this IServiceCollection services)
    {
        services.AddRequestAuthentication();
        services.TryAddSingleton<IMqttCredentialsAuthenticator, RuntimeMqttCredentialsAuthenticator>();
        services.AddSingleton<MqttFace>();
        services.AddHostedService(sp => sp.GetRequiredService<MqttFace>());
        return services;
    }

    /// <summary>MQTT over websocket at <c>/api/mqtt/</c> (subprotocol <c>mqtt</c>), served by the embedded broker.</summary>
    public static WebApplication MapMqttFace(this WebApplication app)
    {
        app.UseWebSockets();
        app.Map(MqttWebSocketEndpoint.Path, MqttWebSocketEndpoint.HandleAsync);
        return app;
    }
}
