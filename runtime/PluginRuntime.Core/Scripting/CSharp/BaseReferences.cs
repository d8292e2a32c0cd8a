using System.Security.Cryptography;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.Extensions.Logging;
using PluginRuntime.Sdk;

namespace PluginRuntime.Core.Scripting.CSharp;

/// <summary>
/// What every script compiles against: the framework's reference assemblies, plus the SDK and the logging abstractions
/// as the host has them (the same files the host loaded, so a script's <c>Driver</c> is the host's <c>Driver</c>).
/// Built once per process and shared by every compilation, so Roslyn reads each assembly's metadata once.
/// </summary>
internal sealed class BaseReferences
{
    private static readonly Lazy<BaseReferences> s_current = new(Create, LazyThreadSafetyMode.ExecutionAndPublication);

    private BaseReferences(IReadOnlyList<MetadataReference> references, string identity, string origin)
    {
        References = references;
        Identity = identity;
        Origin = origin;
    }

    public static BaseReferences Current => s_current.Value;

    public IReadOnlyList<MetadataReference> References { get; }

    /// <summary>A hash of every assembly's name and MVID: a new SDK build or framework patch changes it.</summary>
    public string Identity { get; }

    /// <summary>Where the framework assemblies came from, for the log.</summary>
    public string Origin { get; }

    private static BaseReferences Create()
    {
        var (framework, origin) = ReferencePack.Locate();
        string[] shared = [typeof(Driver).Assembly.Location, typeof(ILogger).Assembly.Location];
        if (shared.Any(string.IsNullOrEmpty))
        {
            throw new InvalidOperationException(
                "C# scripts need the SDK assemblies as files, but this host was published as a single file; publish it normally.");
        }
        var identity = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var references = new List<MetadataReference>();
        foreach (string file in framework.Concat(shared))
        {
            string name;
            Guid mvid;
            try
            {
                (name, mvid) = AssemblyImage.Identify(file);
            }
            catch (BadImageFormatException)
            {
                continue; // a native file among the runtime's: nothing to compile against
            }
            identity.AppendData(Encoding.UTF8.GetBytes($"{name}:{mvid:N}\n"));
            references.Add(MetadataReference.CreateFromFile(file));
        }
        return new BaseReferences(references, Convert.ToHexString(identity.GetHashAndReset()), origin);
    }
}
