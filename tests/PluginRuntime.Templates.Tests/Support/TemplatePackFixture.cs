using PluginRuntime.Core.Modules;
using PluginRuntime.Core.Tests.Support;

namespace PluginRuntime.Templates.Tests.Support;

/// <summary>
/// Done once for all template tests: the SDK packed into a fresh local feed by the repository's own script, and the
/// template pack installed from templates/ into a temporary hive (never the user's own template list).
/// Everything generated goes under one temporary folder outside the repository, so no repository build file applies.
/// </summary>
public sealed class TemplatePackFixture : IAsyncLifetime
{
    /// <summary>A version no other pack uses, so NuGet's global cache can never hand these tests a stale SDK.</summary>
    public string SdkVersion { get; } = "0.1.0-templatetest.t" + Guid.NewGuid().ToString("N")[..12];

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "pr-templates-" + Guid.NewGuid().ToString("N")[..12]);

    public string Feed => Path.Combine(Root, "feed");

    public string Hive => Path.Combine(Root, "hive");

    public static string TemplatePack => Path.Combine(RepoPaths.Root, "templates", "PluginRuntime.Templates");

    /// <summary>
    /// A real engine as the Core tests make one, keeping compiled C# scripts in this run's folder rather than the user's
    /// script cache.
    /// </summary>
    internal EngineFixture CreateEngine() => EngineFixture.Create(new RuntimeOptions
    {
        UnloadPatience = TimeSpan.FromSeconds(10),
        WatchDebounce = TimeSpan.FromMilliseconds(100),
        ScriptCacheFolder = Path.Combine(Root, "script-cache"),
    });

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Root);
        var pack = await ProcessRunner.RunAsync("bash", [Path.Combine(RepoPaths.Root, "scripts", "pack-sdk.sh"), Feed], RepoPaths.Root,
            ProcessRunner.DefaultLimit, ("PLUGINRUNTIME_SDK_VERSION", SdkVersion));
        pack.ShouldSucceed();
        (await ProcessRunner.DotnetAsync(Root, "new", "install", TemplatePack, "--debug:custom-hive", Hive)).ShouldSucceed();
    }

    /// <summary>Runs <c>dotnet new</c> against the temporary hive in a fresh folder and returns the generated folder.</summary>
    public async Task<string> InstantiateAsync(string shortName, string name, params string[] options)
    {
        string output = Path.Combine(Root, "out-" + Guid.NewGuid().ToString("N")[..8], name);
        Directory.CreateDirectory(output);
        (await ProcessRunner.DotnetAsync(output, ["new", shortName, "-n", name, "-o", output, "--no-update-check", "--debug:custom-hive", Hive, .. options]))
            .ShouldSucceed();
        return output;
    }

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Something may still hold a file for a moment; the OS temp cleaner gets it later.
        }
        RemoveFromGlobalPackages();
        return Task.CompletedTask;
    }

    /// <summary>The restores cached this run's one-off SDK version in NuGet's global folder; nothing else will use it.</summary>
    private void RemoveFromGlobalPackages()
    {
        string global = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (string package in new[] { "pluginruntime.sdk", "pluginruntime.sdk.testing" })
        {
            string folder = Path.Combine(global, package, SdkVersion);
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}

/// <summary>The template tests run one after another: they share the feed and hive, and each build wants both cores.</summary>
[CollectionDefinition(Name)]
public sealed class TemplatesCollection : ICollectionFixture<TemplatePackFixture>
{
    public const string Name = "templates";
}
