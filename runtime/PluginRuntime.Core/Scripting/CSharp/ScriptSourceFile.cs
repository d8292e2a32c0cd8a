namespace PluginRuntime.Core.Scripting.CSharp;

/// <summary>
/// One file of a script driver as the compiler sees it: its real path (for errors and the PDB) and its text with the
/// script-only lines (<c>#load</c>, <c>#r</c>, <c>#!</c>) blanked, so every other line keeps its number and columns.
/// </summary>
internal sealed record ScriptSourceFile(string Path, string Text);
