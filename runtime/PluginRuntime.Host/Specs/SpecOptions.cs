namespace PluginRuntime.Host.Specs;

/// <summary>Where the served protocol specs are read from.</summary>
internal sealed class SpecOptions
{
    /// <summary>The configuration key that sets <see cref="Folder"/> (e.g. <c>--Specs:Folder=/etc/runtime/specs</c>).</summary>
    public const string FolderKey = "Specs:Folder";

    /// <summary>
    /// The folder holding <c>*.yaml</c> specs. Defaults to <c>specs</c> next to the host binary, where the build copies
    /// the repository's <c>specs/*.yaml</c>.
    /// </summary>
    public string Folder { get; init; } = DefaultFolder;

    public static string DefaultFolder => Path.Combine(AppContext.BaseDirectory, "specs");

    /// <summary>A registered <see cref="SpecOptions"/> wins; otherwise the configuration key; otherwise the default.</summary>
    public static SpecOptions From(IServiceProvider services)
    {
        if (services.GetService<SpecOptions>() is { } registered)
        {
            return registered;
        }
        string? configured = services.GetService<IConfiguration>()?[FolderKey];
        return string.IsNullOrWhiteSpace(configured) ? new SpecOptions() : new SpecOptions { Folder = Path.GetFullPath(configured) };
    }
}
