using Microsoft.Extensions.DependencyInjection.Extensions;

namespace PluginRuntime.Host.Auth;

/// <summary>Registers request authentication once, whichever face (REST, websocket, MQTT) asks for it first.</summary>
internal static class AuthServiceCollectionExtensions
{
    public static IServiceCollection AddRequestAuthentication(this IServiceCollection services)
    {
        services.TryAddSingleton<IRequestAuthenticator, RequestAuthenticator>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, DemoKeyWarning>());
        return services;
    }
}
