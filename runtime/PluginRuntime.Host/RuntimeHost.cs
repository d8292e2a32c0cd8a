using PluginRuntime.Core.Engine;
using PluginRuntime.Core.Modules;
using PluginRuntime.Core.Transports;
using PluginRuntime.Host.Rest;
using PluginRuntime.Host.Mqtt;
using PluginRuntime.Host.Sidecars;

namespace PluginRuntime.Host;

/// <summary>Builds the web application around the engine: services, endpoints, startup and shutdown.</summary>
internal static class RuntimeHost
{
    public static WebApplication Build(HostCommandLine options, string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args });
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls(HostCommandLine.DefaultUrl);
        }
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        // PlaceOS clients expect snake_case JSON on every API.
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower);
        builder.Services.AddSingleton(new RuntimeOptions());
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IStreamTransportFactory, StreamTransportFactory>();
        builder.Services.AddSingleton(sp => new RuntimeEngine(
            sp.GetRequiredService<RuntimeOptions>(), sp.GetRequiredService<ILoggerFactory>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IStreamTransportFactory>()));
        builder.Services.AddSingleton(new ConfigFolder(options.ConfigFolder));
        builder.Services.AddHostedService<EngineLifetime>();
        builder.Services.AddRestFace();
        builder.Services.AddRealtimeFace();
        builder.Services.AddMqttFace(); // after EngineLifetime: hosted services start in order
        builder.Services.AddSidecars();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapRestFace();
        app.MapRealtimeFace();
        app.MapMqttFace();
        return app;
    }
}

/// <summary>The config folder the host runs.</summary>
internal sealed record ConfigFolder(string Path);
