namespace PluginRuntime.Core.Scripting.CSharp;

/// <summary>A place in a script file, 1-based like the compiler's messages.</summary>
internal readonly record struct ScriptLocation(string Path, int Line, int Column)
{
    /// <summary>An error in the compiler's own format, so directive errors read like the compile errors next to them.</summary>
    public string Error(string code, string message) => $"{Path}({Line},{Column}): error {code}: {message}";
}
