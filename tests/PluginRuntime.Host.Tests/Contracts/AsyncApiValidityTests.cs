using System.Diagnostics;
using PluginRuntime.Host.Tests.Support;

namespace PluginRuntime.Host.Tests.Contracts;

/// <summary>
/// Every spec in specs/ is a valid AsyncAPI 3.0.0 document by the official JSON Schema (@asyncapi/specs, checked by
/// ajv in Node): a spec that clients and tools can't read would make the contract worthless.
/// </summary>
public sealed class AsyncApiValidityTests
{
    private static readonly string CheckFolder = Path.Combine(RepoPaths.Root, "tests", "PluginRuntime.Host.Tests", "Contracts", "asyncapi-schema");

    [Fact]
    public async Task Every_spec_in_the_repository_is_valid_asyncapi_3()
    {
        var specs = Directory.GetFiles(Path.Combine(RepoPaths.Root, "specs"), "*.yaml").Order(StringComparer.Ordinal).ToArray();
        Assert.NotEmpty(specs);

        var (exitCode, output) = await ValidateAsync(specs);

        Assert.True(exitCode == 0, "every spec should be valid AsyncAPI 3.0.0:\n" + output);
        Assert.Equal(specs.Select(s => "VALID " + s), output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task A_spec_that_breaks_asyncapi_is_reported_invalid()
    {
        string broken = Path.Combine(Directory.CreateTempSubdirectory("pr-asyncapi-").FullName, "broken.yaml");
        string valid = await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "specs", "placeos-mqtt.asyncapi.yaml"));
        // AsyncAPI 2's verb, which 3.0 replaced with send / receive.
        await File.WriteAllTextAsync(broken, valid.Replace("action: send", "action: publish", StringComparison.Ordinal));
        try
        {
            var (exitCode, output) = await ValidateAsync([broken]);

            Assert.Equal(1, exitCode);
            Assert.StartsWith("INVALID " + broken, output);
            Assert.Contains("/operations/publishState/action must be equal to one of the allowed values", output);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(broken)!, recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Output)> ValidateAsync(string[] files)
    {
        if (!Directory.Exists(Path.Combine(CheckFolder, "node_modules", "@asyncapi", "specs")))
        {
            throw new FileNotFoundException($"The AsyncAPI schema check is not installed in {CheckFolder}: run scripts/install-test-deps.sh.");
        }
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(CheckFolder, "validate.cjs"));
        foreach (var file in files)
        {
            start.ArgumentList.Add(file);
        }
        using var process = Process.Start(start)!;
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WithTimeout("node to validate the specs against the AsyncAPI 3.0.0 schema");
            return (process.ExitCode, await stdout.WithTimeout("the validator's output") + await stderr.WithTimeout("the validator's errors"));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
