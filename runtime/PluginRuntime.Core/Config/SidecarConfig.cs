namespace PluginRuntime.Core.Config;

/// <summary>
/// A helper process the runtime starts, keeps running and stops with itself (an entry of <c>sidecars:</c>): a
/// device simulator for the demo, a protocol bridge, a site's own tool.
/// </summary>
/// <param name="Id">Names the process in logs.</param>
/// <param name="Command">The program (found on PATH, or a path relative to the config folder).</param>
/// <param name="Arguments">Its arguments, passed as they are (no shell).</param>
/// <param name="WorkingDirectory">Absolute; relative paths in YAML are resolved against the config folder.</param>
/// <param name="Environment">Variables added to the runtime's environment.</param>
internal sealed record SidecarConfig(
    string Id,
    string Command,
    IReadOnlyList<string> Arguments,
    string WorkingDirectory,
    IReadOnlyDictionary<string, string> Environment,
    SourceLocation Location)
{
    /// <summary>Same process (location ignored): a reload that changes nothing keeps it running.</summary>
    public bool SameAs(SidecarConfig other) =>
        Id == other.Id && Command == other.Command && WorkingDirectory == other.WorkingDirectory
        && Arguments.SequenceEqual(other.Arguments)
        && Environment.Count == other.Environment.Count
        && Environment.All(e => other.Environment.TryGetValue(e.Key, out var v) && v == e.Value);
}
