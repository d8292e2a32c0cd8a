namespace PluginRuntime.Host.Specs;

/// <summary>A spec file in the folder and the name it is served under.</summary>
internal sealed record SpecFile(string Name, string Path)
{
    private static readonly string[] Suffixes = [".asyncapi.yaml", ".asyncapi.yml", ".yaml", ".yml"];

    /// <summary>The file name without its YAML extension and an <c>.asyncapi</c> before it: <c>placeos-mqtt.asyncapi.yaml</c> is <c>placeos-mqtt</c>.</summary>
    public static string? NameOf(string fileName)
    {
        foreach (var suffix in Suffixes)
        {
            if (fileName.EndsWith(suffix, StringComparison.OrdinalIgnoreCase) && fileName.Length > suffix.Length)
            {
                return fileName[..^suffix.Length];
            }
        }
        return null;
    }
}
