using System.Text;
using System.Text.RegularExpressions;
using PluginRuntime.Core.Plugins;

namespace PluginRuntime.Core.Scripting.CSharp;

/// <summary>
/// Reads a script driver and everything it pulls in. A <c>.csx</c> file is compiled as ordinary C# (a class library,
/// so it can unload): its script directives are resolved here and their lines blanked, which keeps every other line's
/// number and column, so compile errors and stack traces point into the real files without <c>#line</c> mapping.
/// <list type="bullet">
/// <item><c>#load "other.csx"</c> adds a file (relative to the file that says it; each file once, cycles are fine);</item>
/// <item><c>#r "path/to/Lib.dll"</c> references an assembly file; <c>#r "nuget:..."</c> is refused;</item>
/// <item>a <c>#!</c> first line is ignored.</item>
/// </list>
/// A <c>.cs</c> file is plain C#: its text is used as it is.
/// </summary>
internal static partial class CsxDirectiveReader
{
    public static ScriptSources Read(string scriptPath)
    {
        var reading = new Reading();
        reading.Visit(Path.GetFullPath(scriptPath), from: null);
        return new ScriptSources(reading.Files, reading.References, reading.Errors);
    }

    private static bool IsCsx(string path) => string.Equals(Path.GetExtension(path), ".csx", StringComparison.OrdinalIgnoreCase);

    // A directive must be alone on its line (a trailing // comment aside); `#region` and friends don't match.
    [GeneratedRegex("""^\s*#(?<kind>r|load)(?![\w])""")]
    private static partial Regex DirectiveStart();

    [GeneratedRegex("""^\s*#(?:r|load)\s+"(?<value>[^"]*)"\s*(?://.*)?$""")]
    private static partial Regex QuotedDirective();

    private sealed class Reading
    {
        private readonly HashSet<string> _seenFiles = new(StringComparer.Ordinal);
        private readonly HashSet<string> _seenReferences = new(StringComparer.Ordinal);

        public List<ScriptSourceFile> Files { get; } = [];

        public List<ScriptReference> References { get; } = [];

        public List<string> Errors { get; } = [];

        public void Visit(string path, ScriptLocation? from)
        {
            if (!_seenFiles.Add(path))
            {
                return;
            }
            string text;
            try
            {
                text = ReadText(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                string reason = $"Source file '{path}' could not be opened -- {ex.Message}";
                Errors.Add(from is { } at ? at.Error("CS1504", reason) : $"error CS1504: {reason}");
                return;
            }
            if (!IsCsx(path))
            {
                Files.Add(new ScriptSourceFile(path, text));
                return;
            }
            // Its place is taken before its #loads are visited, so files come in the order they are first mentioned.
            int index = Files.Count;
            Files.Add(new ScriptSourceFile(path, ""));
            Files[index] = new ScriptSourceFile(path, BlankDirectives(path, text));
        }

        private string BlankDirectives(string path, string text)
        {
            var output = new StringBuilder(text.Length);
            int lineNumber = 0;
            int start = 0;
            while (start <= text.Length)
            {
                lineNumber++;
                int newline = text.IndexOf('\n', start);
                int end = newline < 0 ? text.Length : newline;
                string line = text[start..end].TrimEnd('\r');
                string terminator = text[(start + line.Length)..(newline < 0 ? end : newline + 1)];
                bool directive = (lineNumber == 1 && line.StartsWith("#!", StringComparison.Ordinal)) || Directive(path, lineNumber, line);
                output.Append(directive ? "" : line).Append(terminator);
                if (newline < 0)
                {
                    break;
                }
                start = newline + 1;
            }
            return output.ToString();
        }

        /// <summary>Handles the line if it is a <c>#load</c> or <c>#r</c>; true when it was one (and must be blanked).</summary>
        private bool Directive(string path, int lineNumber, string line)
        {
            var start = DirectiveStart().Match(line);
            if (!start.Success)
            {
                return false;
            }
            var quoted = QuotedDirective().Match(line);
            if (!quoted.Success)
            {
                Errors.Add(new ScriptLocation(path, lineNumber, start.Index + 1).Error("CS7010",
                    $"Quoted file name expected: write #{start.Groups["kind"].Value} \"path\""));
                return true;
            }
            var value = quoted.Groups["value"];
            var location = new ScriptLocation(path, lineNumber, value.Index); // the column of the opening quote
            string folder = Path.GetDirectoryName(path)!;
            if (start.Groups["kind"].Value == "load")
            {
                string loaded = Path.GetFullPath(Path.Combine(folder, value.Value));
                if (!File.Exists(loaded))
                {
                    Errors.Add(location.Error("CS1504", $"Source file '{loaded}' could not be opened -- it does not exist"));
                    return true;
                }
                Visit(loaded, location);
                return true;
            }
            if (value.Value.StartsWith("nuget:", StringComparison.OrdinalIgnoreCase))
            {
                Errors.Add(location.Error("CS0006", $"Metadata file '{value.Value}' could not be found: only assembly files can be " +
                    "referenced here (#r \"path/to/Library.dll\"), not packages; restore the package and reference its .dll"));
                return true;
            }
            string reference = Path.GetFullPath(Path.Combine(folder, value.Value));
            if (!File.Exists(reference))
            {
                Errors.Add(location.Error("CS0006", $"Metadata file '{reference}' could not be found"));
                return true;
            }
            if (_seenReferences.Add(reference))
            {
                References.Add(new ScriptReference(reference, location));
            }
            return true;
        }

        // An editor may be mid-save; read like a build output, and honour a BOM.
        private static string ReadText(string path)
        {
            byte[] bytes = FileReads.ReadAllBytesWithRetry(path);
            using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            return reader.ReadToEnd();
        }
    }
}
