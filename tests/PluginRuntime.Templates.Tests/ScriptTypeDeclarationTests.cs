using PluginRuntime.Core.Tests.Support;
using PluginRuntime.Templates.Tests.Support;

namespace PluginRuntime.Templates.Tests;

/// <summary>
/// The JavaScript and TypeScript templates ship the runtime's driver API declarations for the editor; the generated
/// drivers must type-check against them, and the templates' copy must be the runtime's.
/// </summary>
[Collection(TemplatesCollection.Name)]
public sealed class ScriptTypeDeclarationTests(TemplatePackFixture pack)
{
    private static string RuntimeDeclarations =>
        Path.Combine(RepoPaths.Root, "runtime", "PluginRuntime.Core", "Scripting", "Node", "host", "plugin-runtime.d.ts");

    private static string TypeScriptCompiler =>
        Path.Combine(RepoPaths.Root, "runtime", "PluginRuntime.Core", "Scripting", "Node", "host", "node_modules", "typescript", "bin", "tsc");

    [Fact]
    public void The_templates_declarations_are_the_runtimes()
    {
        string copy = Path.Combine(TemplatePackFixture.TemplatePack, "shared", "plugin-runtime.d.ts");
        Assert.True(File.ReadAllText(copy) == File.ReadAllText(RuntimeDeclarations),
            $"{copy} differs from {RuntimeDeclarations}: copy the runtime's declarations into the template pack.");
    }

    [Theory]
    [InlineData("pluginruntime-js", "jsconfig.json", "Acme.Thermostat")]
    [InlineData("pluginruntime-ts", "tsconfig.json", "Acme.Thermostat")]
    [InlineData("pluginruntime-ts", "tsconfig.json", "3com.switch")]
    public async Task The_generated_driver_type_checks_against_the_driver_api(string template, string config, string name)
    {
        Assert.True(File.Exists(TypeScriptCompiler), $"{TypeScriptCompiler} is missing: run scripts/install-test-deps.sh (or build PluginRuntime.Core with npm on PATH).");
        string folder = await pack.InstantiateAsync(template, name);
        Assert.Equal(File.ReadAllText(RuntimeDeclarations), File.ReadAllText(Path.Combine(folder, "plugin-runtime.d.ts")));

        var check = await ProcessRunner.RunAsync(Node, [TypeScriptCompiler, "-p", Path.Combine(folder, config)], folder, ProcessRunner.DefaultLimit);

        Assert.True(check.ExitCode == 0, $"the generated driver should type-check, but tsc said:\n{check.Output}");
    }

    private static string Node => Environment.GetEnvironmentVariable("PLUGINRUNTIME_NODE") is { Length: > 0 } node ? node : "node";
}
