using Microsoft.CodeAnalysis;

namespace PluginRuntime.Core.Scripting.CSharp;

/// <summary>A <c>#r</c> assembly read for one compile: its file, name and MVID, and its metadata for Roslyn.</summary>
internal sealed record OpenedReference(string Path, string Name, Guid Mvid, MetadataReference Metadata);
