using PluginRuntime.Templates.Tests.Support;

namespace PluginRuntime.Templates.Tests;

/// <summary>
/// The script driver templates (C#, JavaScript, TypeScript): each generates a driver file and a runtime.yaml that is a
/// complete config, so loading the generated folder as it is proves both the driver and its config.
/// </summary>
[Collection(TemplatesCollection.Name)]
public sealed class ScriptDriverTemplateTests(TemplatePackFixture pack)
{
    [Theory]
    [InlineData("pluginruntime-cs-script", "cs", "Thermostat", "Thermostat")]
    [InlineData("pluginruntime-cs-script", "cs", "Acme.Thermostat", "AcmeThermostat")]
    [InlineData("pluginruntime-js", "js", "Thermostat", "Thermostat")]
    [InlineData("pluginruntime-js", "js", "Acme.Thermostat", "AcmeThermostat")]
    [InlineData("pluginruntime-ts", "ts", "Thermostat", "Thermostat")]
    [InlineData("pluginruntime-ts", "ts", "Acme.Thermostat", "AcmeThermostat")]
    // Neither a valid identifier nor a valid namespace as given: a leading digit and a keyword segment.
    [InlineData("pluginruntime-cs-script", "cs", "3com.switch", "Driver3comswitch")]
    [InlineData("pluginruntime-js", "js", "3com.switch", "Driver3comswitch")]
    [InlineData("pluginruntime-ts", "ts", "3com.switch", "Driver3comswitch")]
    public async Task The_generated_script_driver_loads_in_the_runtime_and_answers_an_exec(string template, string extension, string name, string className)
    {
        string folder = await pack.InstantiateAsync(template, name);
        Assert.True(File.Exists(Path.Combine(folder, $"{className}.{extension}")), $"the driver file should be named after its class {className}");

        await using var engine = pack.CreateEngine();
        await GeneratedDriverRun.SetLevelAnswersAsync(engine, folder, className);
    }
}
