using YamlDotNet.Core;

namespace PluginRuntime.Core.Config;

/// <summary>Where something was declared: a file and a 1-based line and column.</summary>
/// <remarks>
/// Line 0 means "the whole file or folder" (a missing folder, an unreadable file, a missing org), so
/// <see cref="ToString"/> prints just the path then, rather than a position that would point nowhere.
/// </remarks>
internal readonly record struct SourceLocation(string File, int Line, int Column)
{
    public static SourceLocation WholeFile(string path) => new(path, 0, 0);

    /// <summary>A position from YamlDotNet, whose marks are already 1-based.</summary>
    public static SourceLocation At(string file, Mark mark) => new(file, checked((int)mark.Line), checked((int)mark.Column));

    public override string ToString() => Line > 0 ? $"{File}:{Line}:{Column}" : File;
}
