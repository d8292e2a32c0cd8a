using PluginRuntime.Templates.Tests.Support;

namespace PluginRuntime.Templates.Tests;

/// <summary>The compiled driver template: a driver project and its harness tests, building against the packed SDK.</summary>
[Collection(TemplatesCollection.Name)]
public sealed class CompiledDriverTemplateTests(TemplatePackFixture pack)
{
    [Theory]
    [InlineData("Thermostat", "Thermostat")]
    [InlineData("Acme.Thermostat", "AcmeThermostat")]
    public async Task The_generated_driver_passes_its_own_test_and_answers_an_exec_in_the_runtime(string name, string className)
    {
        string folder = await pack.InstantiateAsync("pluginruntime-driver", name, "--sdk-feed", pack.Feed);

        // Offline: the SDK from the packed feed, everything else from NuGet's cache (the repository's own restore filled it).
        var test = (await ProcessRunner.DotnetOfflineAsync(folder, "test", "--nologo")).ShouldSucceed();
        Assert.Contains("Passed!  - Failed:     0, Passed:     1, Skipped:     0, Total:     1", test.Output);

        string output = Path.Combine(folder, "src", name, "bin", "Debug", "net10.0");
        Assert.True(File.Exists(Path.Combine(output, name + ".dll")), $"the driver should build to {output}");
        Assert.False(File.Exists(Path.Combine(output, "PluginRuntime.Sdk.dll")), "the SDK must come from the host, not sit next to the plugin");

        // `dotnet test` built the driver where the generated config expects it.
        await using var engine = pack.CreateEngine();
        await GeneratedDriverRun.SetLevelAnswersAsync(engine, Path.Combine(folder, "config"), className);
    }
}
