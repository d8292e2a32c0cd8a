namespace PluginRuntime.Host.Specs;

/// <summary>One served spec: its name in the URL, its <c>info.title</c> and <c>info.version</c>, and where to fetch it.</summary>
/// <param name="Title">Null when the file is not readable YAML with an <c>info</c> section (the log says why).</param>
internal sealed record SpecSummary(string Name, string? Title, string? Version, string Url);
