using PluginRuntime.Core.Plugins;

namespace PluginRuntime.Core.Scripting.CSharp;

/// <summary>Reads a script's <c>#r</c> assemblies.</summary>
internal static class ScriptReferences
{
    /// <summary>
    /// Reads each file into memory (Roslyn compiles from these bytes: a file it kept mapped could not be rebuilt
    /// while the driver runs) and identifies it; files that are not .NET assemblies become errors at their <c>#r</c>.
    /// </summary>
    public static IReadOnlyList<OpenedReference> Open(ScriptSources sources, out IReadOnlyList<string> errors)
    {
        var opened = new List<OpenedReference>();
        var problems = new List<string>();
        foreach (var reference in sources.References)
        {
            try
            {
                byte[] image = FileReads.ReadAllBytesWithRetry(reference.Path);
                var (name, mvid) = AssemblyImage.Identify(new MemoryStream(image, writable: false));
                opened.Add(new OpenedReference(reference.Path, name, mvid, image));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or BadImageFormatException)
            {
                problems.Add(reference.Location.Error("CS0009", $"Metadata file '{reference.Path}' could not be opened -- {ex.Message}"));
            }
        }
        errors = problems;
        return opened;
    }
}
