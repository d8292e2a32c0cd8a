using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;
using Microsoft.CodeAnalysis.Text;

namespace PluginRuntime.Core.Scripting.CSharp;

/// <summary>
/// Compiles script files into a class library with Roslyn's <see cref="CSharpCompilation"/> (an ordinary assembly,
/// so it can live in a collectible load context; <c>CSharpScript</c> submissions never unload). The settings match a
/// driver project: latest C#, nullable on, the SDK's implicit usings, a debug build with a portable PDB that embeds
/// the sources, deterministic output.
/// </summary>
internal static class CSharpScriptCompiler
{
    // Bump when anything below changes what a compile produces, so cached builds from the old settings are not reused.
    private const int SettingsVersion = 1;

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, DocumentationMode.None, SourceCodeKind.Regular);

    private static readonly CSharpCompilationOptions CompilationOptions = new(
        OutputKind.DynamicallyLinkedLibrary,
        optimizationLevel: OptimizationLevel.Debug,
        nullableContextOptions: NullableContextOptions.Enable,
        deterministic: true,
        concurrentBuild: true);

    private static readonly EmitOptions EmitOptions = new(debugInformationFormat: DebugInformationFormat.PortablePdb,
        pdbChecksumAlgorithm: HashAlgorithmName.SHA256);

    // What `<ImplicitUsings>enable</ImplicitUsings>` gives a class library, so a .cs file means the same in a project.
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    private static readonly SyntaxTree ImplicitUsingsTree = CSharpSyntaxTree.ParseText(
        SourceText.From(ImplicitUsings, Encoding.UTF8), ParseOptions, "(implicit usings)"); // a PDB needs every text's encoding

    /// <summary>The compiler's build and these settings: part of every cache key, so a Roslyn update recompiles.</summary>
    public static string Fingerprint { get; } = string.Join("|",
        $"settings:{SettingsVersion}",
        $"roslyn:{typeof(CSharpCompilation).Assembly.ManifestModule.ModuleVersionId:N}",
        $"lang:{ParseOptions.LanguageVersion}",
        $"optimize:{CompilationOptions.OptimizationLevel}",
        $"nullable:{CompilationOptions.NullableContextOptions}");

    public static ScriptCompileResult Compile(string assemblyName, IReadOnlyList<ScriptSourceFile> files, IEnumerable<MetadataReference> references,
        CancellationToken cancellationToken)
    {
        var texts = files.Select(f => (f.Path, Text: SourceText.From(f.Text, Encoding.UTF8, SourceHashAlgorithm.Sha256))).ToArray();
        var trees = texts.Select(t => CSharpSyntaxTree.ParseText(t.Text, ParseOptions, t.Path, cancellationToken)).Append(ImplicitUsingsTree);
        var compilation = CSharpCompilation.Create(assemblyName, trees, references, CompilationOptions);

        using var image = new MemoryStream();
        using var pdb = new MemoryStream();
        var result = compilation.Emit(image, pdb,
            options: EmitOptions,
            embeddedTexts: texts.Select(t => EmbeddedText.FromSource(t.Path, t.Text)),
            cancellationToken: cancellationToken);

        var fileOrder = files.Select((f, i) => (f.Path, i)).ToDictionary(p => p.Path, p => p.i, StringComparer.Ordinal);
        var errors = Format(result.Diagnostics, DiagnosticSeverity.Error, fileOrder);
        var warnings = Format(result.Diagnostics, DiagnosticSeverity.Warning, fileOrder);
        var build = result.Success ? new CompiledScript(image.ToArray(), pdb.ToArray()) : null;
        return new ScriptCompileResult(build, errors, warnings);
    }

    // In file order (the script first, then its #loads), then by position; diagnostics without a file last.
    private static string[] Format(IEnumerable<Diagnostic> diagnostics, DiagnosticSeverity severity, Dictionary<string, int> fileOrder) => diagnostics
        .Where(d => d.Severity == severity && !d.IsSuppressed)
        .OrderBy(d => d.Location.SourceTree is { } tree && fileOrder.TryGetValue(tree.FilePath, out int i) ? i : int.MaxValue)
        .ThenBy(d => d.Location.SourceSpan.Start)
        .Select(d => CSharpDiagnosticFormatter.Instance.Format(d, CultureInfo.InvariantCulture))
        .ToArray();
}
