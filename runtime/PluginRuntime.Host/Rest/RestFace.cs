using Microsoft.OpenApi;
using PluginRuntime.Host.Auth;

namespace PluginRuntime.Host.Rest;

/// <summary>
/// The REST face under <c>/api/engine/v2/</c>: systems, zones, modules, drivers, status, interfaces, exec, config
/// status and health, every route authenticated and scoped to the caller; the OpenAPI document at
/// <c>/openapi/v1.json</c>. Errors are problem details carrying the websocket error code (<see cref="RestProblems"/>).
/// </summary>
internal static class RestFace
{
    public const string Prefix = "/api/engine/v2";

    public static IServiceCollection AddRestFace(this IServiceCollection services)
    {
        services.AddRequestAuthentication();
        services.AddSingleton<RestAccess>();
        services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            // Say how to authenticate, so generated clients and API explorers offer the right fields.
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
            {
                ["api_key"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Header,
                    Name = CredentialReader.ApiKeyHeader,
                    Description = "An api key from the config (also accepted as the api-key query parameter or cookie).",
                },
                ["bearer"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "JWT",
                    Description = "An HS256 JWT whose sub is a configured user (also accepted as the bearer_token query parameter or cookie).",
                },
            };
            return Task.CompletedTask;
        }));
        return services;
    }

    public static WebApplication MapRestFace(this WebApplication app)
    {
        app.MapOpenApi();
        app.MapHealth(Prefix);
        app.MapGroup(Prefix)
            .AddEndpointFilter<RestAuthenticationFilter>()
            .WithTags("Engine")
            .MapSystems()
            .MapZones()
            .MapModules()
            .MapDrivers()
            .MapModuleState()
            .MapExec()
            .MapSpecEndpoints()
            .MapConfigStatus();
        return app;
    }
}
