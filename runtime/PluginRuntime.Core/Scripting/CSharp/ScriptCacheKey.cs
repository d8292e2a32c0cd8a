using System.Security.Cryptography;
using System.Text;

namespace PluginRuntime.Core.Scripting.CSharp;

/// <summary>
/// Names a build by everything that decides its bytes: the sources (script and <c>#load</c>s, with their paths, which
/// the PDB and error messages carry), the references (by MVID, so a rebuilt <c>#r</c> assembly or SDK recompiles),
/// the assembly name, and the compiler with its settings.
/// </summary>
internal static class ScriptCacheKey
{
    public static string Compute(string assemblyName, ScriptSources sources, IEnumerable<(string Path, Guid Mvid)> scriptReferences,
        string baseReferencesIdentity)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string part)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(part);
            hash.AppendData(BitConverter.GetBytes(bytes.Length)); // length-prefixed: no two part lists hash alike
            hash.AppendData(bytes);
        }
        Add(ScriptCompileSettings.Fingerprint);
        Add(baseReferencesIdentity);
        Add(assemblyName);
        foreach (var file in sources.Files)
        {
            Add(file.Path);
            Add(file.Text);
        }
        foreach (var (path, mvid) in scriptReferences)
        {
            Add(path);
            Add(mvid.ToString("N"));
        }
        return Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant();
    }
}
