namespace PluginRuntime.Host.Sidecars;

/// <summary>Registers the supervisor of the config's <c>sidecars:</c>.</summary>
internal static class SidecarExtensions
{
    public static IServiceCollection AddSidecars(this IServiceCollection services)
    {
        services.AddSingleton(new SidecarOptions());
        services.AddSingleton<SidecarSupervisor>();
        services.AddHostedService(sp => sp.GetRequiredService<SidecarSupervisor>());
        return services;
    }
}
