using System.Security.Cryptography;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;

namespace PluginRuntime.Core.Scripting.CSharp;

/// <summary>
/// How scripts are compiled, matching a driver project: latest C#, nullable on, the SDK's implicit usings, a debug
/// build with a portable PDB, deterministic output. Kept apart from the compiler so a cache hit can compute its key
/// without parsing anything.
/// </summary>
internal static class ScriptCompileSettings
{
    // Bump when anything here changes what a compile produces, so cached builds from the old settings are not reused.
    private const int Version = 1;

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, DocumentationMode.None, SourceCodeKind.Regular);

    public static readonly CSharpCompilationOptions CompilationOptions = new(
        OutputKind.DynamicallyLinkedLibrary,
        optimizationLevel: OptimizationLevel.Debug,
        nullableContextOptions: NullableContextOptions.Enable,
        deterministic: true,
        concurrentBuild: true);

    public static readonly EmitOptions EmitOptions = new(debugInformationFormat: DebugInformationFormat.PortablePdb,
        pdbChecksumAlgorithm: HashAlgorithmName.SHA256);

    /// <summary>What <c>&lt;ImplicitUsings&gt;enable&lt;/ImplicitUsings&gt;</c> gives a class library, so a .cs file means the same in a project.</summary>
    public const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    /// <summary>The compiler's build and these settings: part of every cache key, so a Roslyn update recompiles.</summary>
    public static string Fingerprint { get; } = string.Join("|",
        $"settings:{Version}",
        $"roslyn:{typeof(CSharpCompilation).Assembly.ManifestModule.ModuleVersionId:N}",
        $"lang:{ParseOptions.LanguageVersion}",
        $"optimize:{CompilationOptions.OptimizationLevel}",
        $"nullable:{CompilationOptions.NullableContextOptions}");
}
