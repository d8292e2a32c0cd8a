using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PluginRuntime.Host.Specs;

/// <summary>
/// The specs in <see cref="SpecOptions.Folder"/>, read from disk on each request: they are small, and a spec dropped
/// into the folder is served without a restart. Only files listed in the folder can be named, so a name can't
/// reach outside it.
/// </summary>
internal sealed partial class SpecCatalog(SpecOptions options, ILogger<SpecCatalog> logger)
{
    public string Folder => options.Folder;

    public IReadOnlyList<SpecFile> List()
    {
        if (!Directory.Exists(options.Folder))
        {
            return [];
        }
        var files = new SortedDictionary<string, SpecFile>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(options.Folder).Order(StringComparer.Ordinal))
        {
            if (SpecFile.NameOf(Path.GetFileName(path)) is { } name)
            {
                files.TryAdd(name, new SpecFile(name, path));
            }
        }
        return [.. files.Values];
    }

    public SpecFile? Find(string name) => List().FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.Ordinal));

    /// <summary>The spec's <c>info.title</c> and <c>info.version</c>; nulls (and a warning) when it can't be read.</summary>
    public (string? Title, string? Version) ReadInfo(SpecFile file)
    {
        try
        {
            var yaml = new YamlStream();
            using (var reader = new StreamReader(file.Path))
            {
                yaml.Load(reader);
            }
            if (yaml.Documents.FirstOrDefault()?.RootNode is YamlMappingNode root &&
                root.Children.TryGetValue(new YamlScalarNode("info"), out var infoNode) && infoNode is YamlMappingNode info)
            {
                return (Scalar(info, "title"), Scalar(info, "version"));
            }
            LogNoInfo(file.Path);
        }
        catch (Exception ex) when (ex is YamlException or IOException or UnauthorizedAccessException)
        {
            LogUnreadable(file.Path, ex.Message);
        }
        return (null, null);
    }

    private static string? Scalar(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlScalarNode scalar ? scalar.Value : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Spec {Path} has no info section (info.title, info.version); it is listed without them")]
    private partial void LogNoInfo(string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Spec {Path} could not be read: {Reason}")]
    private partial void LogUnreadable(string path, string reason);
}
