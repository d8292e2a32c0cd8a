using Microsoft.CodeAnalysis;

namespace PluginRuntime.Core.Scripting.CSharp;

/// <summary>A <c>#r</c> assembly read for one load: its file, name and MVID, and its bytes (compiled against only on a cache miss).</summary>
internal sealed record OpenedReference(string Path, string Name, Guid Mvid, byte[] Image)
{
    public MetadataReference ToMetadata() => MetadataReference.CreateFromImage(Image, filePath: Path);
}
