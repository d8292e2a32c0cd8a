namespace PluginRuntime.Core.Scripting.CSharp;

/// <summary>What a script driver is made of: the script first, then the files it <c>#load</c>s, and its <c>#r</c> assemblies.</summary>
/// <param name="Errors">Directive errors (a missing file, an unsupported reference), in the compiler's format.</param>
internal sealed record ScriptSources(
    IReadOnlyList<ScriptSourceFile> Files,
    IReadOnlyList<ScriptReference> References,
    IReadOnlyList<string> Errors);
