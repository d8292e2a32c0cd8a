namespace PluginRuntime.Core.Scripting.CSharp;

/// <summary>The outcome of one compilation; errors and warnings as <c>path(line,col): error CSxxxx: message</c>.</summary>
internal sealed record ScriptCompileResult(CompiledScript? Build, IReadOnlyList<string> Errors, IReadOnlyList<string> Warnings);
