using PluginRuntime.Host.Realtime;

// In the hosting namespace so RuntimeHost needs no extra using for its one line each.
namespace PluginRuntime.Host;

/// <summary>Adds the PlaceOS real-time websocket (<see cref="RealtimeEndpoint.Path"/>) to the host.</summary>
internal static class RealtimeFace
{
    /// <summary>
    /// Registers the face's services. The <see cref="Auth.IRequestAuthenticator"/> is not registered here: the host
    /// provides one (API keys and tokens) shared by every face; without one every connection is refused.
    /// Register a <see cref="RealtimeOptions"/> after this call to change the limits.
    /// </summary>
    public static IServiceCollection AddRealtimeFace(this IServiceCollection services)
    {
        services.AddSingleton(new RealtimeOptions());
        services.AddSingleton<ConnectionRegistry>();
        services.AddSingleton<RealtimeEndpoint>();
        return services;
    }

    /// <summary>Maps the endpoint (with websocket support) and closes its connections politely when the host stops.</summary>
    public static WebApplication MapRealtimeFace(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<RealtimeOptions>();
        var endpoint = app.Services.GetRequiredService<RealtimeEndpoint>();
        var connections = app.Services.GetRequiredService<ConnectionRegistry>();
        // Before the websocket middleware, which reads the upgrade features when the request arrives. Any later
        // UseWebSockets (the MQTT face's) also runs on these requests, so this must stay ahead of every face's.
        app.Use((context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(RealtimeEndpoint.Path)) // as routing matches it: any case, trailing slash
            {
                UpgradeStreamCapture.Install(context);
            }
            return next(context);
        });
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = options.KeepAliveInterval });
        app.Map(RealtimeEndpoint.Path, endpoint.HandleAsync);
        app.Lifetime.ApplicationStopping.Register(() => connections.CloseAll("the server is shutting down"));
        return app;
    }
}
