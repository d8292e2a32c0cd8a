using Microsoft.Extensions.Logging;
using PluginRuntime.Core.Tests.Support;

namespace PluginRuntime.Core.Tests.Scripting.CSharp;

/// <summary>A script that doesn't compile says where, in the compiler's format, and the last good build keeps serving.</summary>
public sealed class CSharpScriptErrorTests : IDisposable
{
    private readonly ScriptWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public async Task Compile_errors_name_every_file_line_and_column_while_the_last_good_build_keeps_serving()
    {
        string script = _workspace.Write("greeter.csx", Scripts.Greeter(RepoPaths.ScriptLibrary));
        string format = _workspace.Write("helpers/format.csx", Scripts.Format());
        await using var engine = _workspace.StartEngine();
        await engine.ApplyValidAsync(ScriptWorkspace.Config(script));

        // Line 4 of the #load'ed file (after its blanked #! line), and line 8 of the script (after two blanked directives).
        File.WriteAllText(format, Scripts.Format().Replace("text.ToUpperInvariant()", "missing"));
        File.WriteAllText(script, Scripts.Greeter(RepoPaths.ScriptLibrary).Replace("Format.Shout(", "Format.Whisper("));
        var report = await engine.Engine.ReloadDriverAsync("scripted").WithTimeout("the reload attempt");

        string error = report.DriverErrors["scripted"];
        Assert.Equal(
            $"""
            Driver 'scripted': script '{script}' did not compile (2 errors):
            {script}(8,48): error CS0117: 'Format' does not contain a definition for 'Whisper'
            {format}(4,48): error CS0103: The name 'missing' does not exist in the current context
            """.ReplaceLineEndings(),
            error);
        Assert.Equal(error, engine.Engine.DriverErrors["scripted"]); // what /health and the config status API show
        Assert.Contains(engine.Logs.Messages(LogLevel.Error), m => m.Contains($"{format}(4,48): error CS0103"));
        Assert.Equal("\"HELLO, ADA, FROM A REFERENCED ASSEMBLY!\"", await engine.ExecOkAsync("sys-1", "Greeter_1", "greet", """["Ada"]"""));

        File.WriteAllText(format, Scripts.Format("?"));
        File.WriteAllText(script, Scripts.Greeter(RepoPaths.ScriptLibrary));
        report = await engine.Engine.ReloadDriverAsync("scripted").WithTimeout("the reload of the fixed script");
        Assert.Empty(report.DriverErrors);
        Assert.False(engine.Engine.DriverErrors.ContainsKey("scripted"));
        Assert.Equal("\"HELLO, ADA, FROM A REFERENCED ASSEMBLY?\"", await engine.ExecOkAsync("sys-1", "Greeter_1", "greet", """["Ada"]"""));
    }

    [Fact]
    public async Task Directive_errors_point_at_the_directive()
    {
        string script = _workspace.Write("broken.csx", """
            using PluginRuntime.Sdk;
            #load "nowhere.csx"
            #r "nuget: Newtonsoft.Json, 13.0.3"
            #r missing-quotes.dll
            public sealed class Broken : Driver { }
            """);
        await using var engine = _workspace.StartEngine();

        await engine.ApplyValidAsync(ScriptWorkspace.Config(script));

        string nowhere = Path.Combine(_workspace.Scripts.Path, "nowhere.csx");
        Assert.Equal(
            $"""
            Driver 'scripted': script '{script}' did not compile (3 errors):
            {script}(2,7): error CS1504: Source file '{nowhere}' could not be opened -- it does not exist
            {script}(3,4): error CS0006: Metadata file 'nuget: Newtonsoft.Json, 13.0.3' could not be found: only assembly files can be referenced here (#r "path/to/Library.dll"), not packages; restore the package and reference its .dll
            {script}(4,1): error CS7010: Quoted file name expected: write #r "path"
            """.ReplaceLineEndings(),
            engine.Engine.DriverErrors["scripted"]);
    }

    [Fact]
    public async Task Top_level_statements_in_a_csx_are_a_compile_error_since_a_script_driver_is_a_class_library()
    {
        string script = _workspace.Write("top.csx", """
            using PluginRuntime.Sdk;
            Console.WriteLine("scripts have no top-level code here");
            public sealed class Top : Driver { }
            """);
        await using var engine = _workspace.StartEngine();

        await engine.ApplyValidAsync(ScriptWorkspace.Config(script));

        string error = engine.Engine.DriverErrors["scripted"];
        Assert.True(error.Contains($"{script}(2,1): error CS8805:"), error);
    }
}
