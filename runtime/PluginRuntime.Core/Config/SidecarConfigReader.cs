using YamlDotNet.RepresentationModel;

namespace PluginRuntime.Core.Config;

/// <summary>Reads the <c>sidecars:</c> section for <see cref="ConfigLoader"/>, reporting errors with positions.</summary>
internal sealed class SidecarConfigReader
{
    public const string Section = "sidecars";

    private static readonly string[] Keys = ["id", "command", "args", "cwd", "env", "enabled"];

    private readonly List<SidecarConfig> _sidecars = [];
    private readonly Dictionary<string, SourceLocation> _ids = new(StringComparer.Ordinal);

    public IReadOnlyList<SidecarConfig> Sidecars => _sidecars;

    /// <summary>Reads this file's <c>sidecars:</c> section, if it has one.</summary>
    public void Read(MappingReader top) =>
        top.ForEachEntry(Section, "- { id: door-simulator, command: node, args: [simulators/pdk-panel/pdk-panel.js] }", "sidecar entry", Keys, ReadEntry);

    private void ReadEntry(MappingReader r)
    {
        r.ReportUnknownKeys("in a sidecar");
        var id = r.RequiredText("id", "give the process a name for the logs, e.g. `id: door-simulator`");
        if (id is not null)
        {
            r.Subject = $"sidecar '{id.Value}'";
            if (_ids.TryGetValue(id.Value, out var first))
            {
                r.Error(id.Location, $"sidecar id '{id.Value}' is already declared at {first}; ids must be unique");
                return;
            }
            _ids[id.Value] = id.Location;
        }
        var command = r.RequiredText("command", "name the program to run, e.g. `command: node`");
        var args = r.TextList("args", "--port, \"3101\"");
        var cwd = r.Text("cwd");
        var environment = ReadEnvironment(r);
        bool enabled = r.Bool("enabled") ?? true;
        if (id is null || command is null || args is null || environment is null || r.ErrorCount > 0 || !enabled)
        {
            return;
        }
        string folder = Path.GetDirectoryName(r.File)!;
        string directory = cwd is null ? folder : Path.GetFullPath(Path.Combine(folder, cwd.Value));
        if (cwd is not null && !Directory.Exists(directory))
        {
            r.Error(cwd.Location, $"{r.Subject}: working folder '{directory}' does not exist (relative paths start at the config folder)");
            return;
        }
        // A command with a path separator is a file next to the config; a bare name is looked up on PATH at start.
        string program = command.Value.Contains('/') || command.Value.Contains('\\')
            ? Path.GetFullPath(Path.Combine(folder, command.Value))
            : command.Value;
        _sidecars.Add(new SidecarConfig(id.Value, program, [.. args.Select(a => a.Value)], directory, environment, r.Location));
    }

    private static Dictionary<string, string>? ReadEnvironment(MappingReader r)
    {
        if (r.Value("env") is not { } node)
        {
            return [];
        }
        if (node is not YamlMappingNode mapping)
        {
            r.Error(node, $"{r.Subject}: 'env' must be a mapping of variable names to values, e.g. `env: {{ PORT: \"3101\" }}`");
            return null;
        }
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in mapping.Children)
        {
            if (key is YamlScalarNode { Value: { Length: > 0 } name } && value is YamlScalarNode { Value: { } text })
            {
                result[name] = text;
            }
            else
            {
                r.Error(key, $"{r.Subject}: each 'env' entry must be NAME: value (text)");
                return null;
            }
        }
        return result;
    }
}
