using System.Security.Cryptography;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.Extensions.Logging;
using PluginRuntime.Sdk;

namespace PluginRuntime.Core.Scripting.CSharp;

/// <summary>
/// What every script compiles against: the framework's reference assemblies, plus the SDK and the logging abstractions
/// as the host has them (the same files the host loaded, so a script's <c>Driver</c> is the host's <c>Driver</c>).
/// Found once per process; the metadata references are made on first compile and shared by every compilation, so
/// Roslyn reads each assembly once. A cache hit needs only <see cref="Identity"/>, which reads no assembly.
/// </summary>
internal sealed class BaseReferences
{
    private static readonly Lazy<BaseReferences> s_current = new(Create, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly Lazy<IReadOnlyList<MetadataReference>> _references;

    private BaseReferences(IReadOnlyList<string> files, string identity, string origin)
    {
        Identity = identity;
        Origin = origin;
        _references = new(() => files.Select(file => (MetadataReference)MetadataReference.CreateFromFile(file)).ToArray(),
            LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public static BaseReferences Current => s_current.Value;

    public IReadOnlyList<MetadataReference> References => _references.Value;

    /// <summary>
    /// Changes when any of these assemblies does: the framework files by path, size and time (a reference pack or
    /// runtime folder is versioned and never rewritten in place), the SDK and logging by the MVID of the loaded copy.
    /// </summary>
    public string Identity { get; }

    /// <summary>Where the framework assemblies came from, for the log.</summary>
    public string Origin { get; }

    private static BaseReferences Create()
    {
        var (framework, origin) = ReferencePack.Locate();
        var shared = new[] { typeof(Driver).Assembly, typeof(ILogger).Assembly };
        if (shared.Any(a => string.IsNullOrEmpty(a.Location)))
        {
            throw new InvalidOperationException(
                "C# scripts need the SDK assemblies as files, but this host was published as a single file; publish it normally.");
        }
        using var identity = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in framework.Select(f => new FileInfo(f)))
        {
            identity.AppendData(Encoding.UTF8.GetBytes($"{file.FullName}:{file.Length}:{file.LastWriteTimeUtc.Ticks}\n"));
        }
        foreach (var assembly in shared)
        {
            identity.AppendData(Encoding.UTF8.GetBytes($"{assembly.GetName().Name}:{assembly.ManifestModule.ModuleVersionId:N}\n"));
        }
        return new BaseReferences([.. framework, .. shared.Select(a => a.Location)], Convert.ToHexString(identity.GetHashAndReset()), origin);
    }
}
