using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace PluginRuntime.Core.Scripting.CSharp;

/// <summary>
/// Compiles script files into a class library with Roslyn's <see cref="CSharpCompilation"/> (an ordinary assembly,
/// so it can live in a collectible load context; <c>CSharpScript</c> submissions never unload), with a portable PDB
/// that embeds the sources, as <see cref="ScriptCompileSettings"/> says.
/// </summary>
internal static class CSharpScriptCompiler
{
    // A PDB needs every text's encoding.
    private static readonly SyntaxTree ImplicitUsingsTree = CSharpSyntaxTree.ParseText(
        SourceText.From(ScriptCompileSettings.ImplicitUsings, Encoding.UTF8), ScriptCompileSettings.ParseOptions, "(implicit usings)");

    public static ScriptCompileResult Compile(string assemblyName, IReadOnlyList<ScriptSourceFile> files, IEnumerable<MetadataReference> references,
        CancellationToken cancellationToken)
    {
        var texts = files.Select(f => (f.Path, Text: SourceText.From(f.Text, Encoding.UTF8, SourceHashAlgorithm.Sha256))).ToArray();
        var trees = texts.Select(t => CSharpSyntaxTree.ParseText(t.Text, ScriptCompileSettings.ParseOptions, t.Path, cancellationToken)).Append(ImplicitUsingsTree);
        var compilation = CSharpCompilation.Create(assemblyName, trees, references, ScriptCompileSettings.CompilationOptions);

        using var image = new MemoryStream();
        using var pdb = new MemoryStream();
        var result = compilation.Emit(image, pdb,
            options: ScriptCompileSettings.EmitOptions,
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
