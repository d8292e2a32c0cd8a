namespace PluginRuntime.Core.Scripting.CSharp;

/// <summary>An assembly file named by a <c>#r</c> directive, and where the directive is (for its errors).</summary>
internal sealed record ScriptReference(string Path, ScriptLocation Location);
