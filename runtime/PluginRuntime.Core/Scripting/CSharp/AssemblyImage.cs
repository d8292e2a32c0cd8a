using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace PluginRuntime.Core.Scripting.CSharp;

/// <summary>Reads an assembly's name and module version id (MVID: changes with every build) without loading it.</summary>
internal static class AssemblyImage
{
    /// <exception cref="BadImageFormatException">The bytes are not a .NET assembly.</exception>
    public static (string Name, Guid Mvid) Identify(Stream image)
    {
        using var pe = new PEReader(image, PEStreamOptions.LeaveOpen);
        if (!pe.HasMetadata)
        {
            throw new BadImageFormatException("it is not a .NET assembly (no metadata)");
        }
        var metadata = pe.GetMetadataReader();
        if (!metadata.IsAssembly)
        {
            throw new BadImageFormatException("it is a module, not an assembly");
        }
        string name = metadata.GetString(metadata.GetAssemblyDefinition().Name);
        return (name, metadata.GetGuid(metadata.GetModuleDefinition().Mvid));
    }

    public static (string Name, Guid Mvid) Identify(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return Identify(file);
    }
}
