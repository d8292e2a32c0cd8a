using PluginRuntime.Core.Modules;
using PluginRuntime.Core.Scripting.Node;
using PluginRuntime.Core.Tests.Support;

namespace PluginRuntime.Core.Tests.Scripting.Node;

/// <summary>A missing Node.js or TypeScript is a load error that says what to run, and the host carries on.</summary>
public sealed class NodeToolchainTests
{
    private const string Config = """
        drivers:
          - { id: js, script: thermostat.js }
          - { id: ts, script: thermostat.ts }
        """;

    [Fact]
    public async Task Without_node_a_script_driver_does_not_load_and_the_error_says_how_to_get_it()
    {
        await using var fixture = EngineFixture.Create(new RuntimeOptions { NodeScripts = new NodeScriptOptions { NodeExecutable = "no-such-node-here" } });
        NodeScripts.CopyInto(fixture, "thermostat.js");
        NodeScripts.CopyInto(fixture, "thermostat.ts");

        Assert.True((await fixture.ApplyAsync(Config)).Succeeded);

        Assert.Equal("Driver 'js': JavaScript/TypeScript drivers run in Node.js, but 'no-such-node-here' was not found. " +
            "Install Node.js 20 or later (Debian: apt-get install nodejs) or set PLUGINRUNTIME_NODE to its path.", fixture.Engine.DriverErrors["js"]);
    }

    [Fact]
    public async Task Without_the_typescript_package_a_ts_driver_names_the_npm_command_and_js_drivers_still_load()
    {
        // A host folder with the host scripts but no node_modules, as in a build made without npm.
        using var hostFolder = new TempFolder();
        string hostCopy = hostFolder.Path;
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "node-host")))
        {
            File.Copy(file, Path.Combine(hostCopy, Path.GetFileName(file)));
        }
        await using var bare = EngineFixture.Create(new RuntimeOptions { NodeScripts = new NodeScriptOptions { HostFolder = hostCopy } });
        NodeScripts.CopyInto(bare, "thermostat.js");
        NodeScripts.CopyInto(bare, "thermostat.ts");

        Assert.True((await bare.ApplyAsync(Config)).Succeeded);

        Assert.Equal($"Driver 'ts': TypeScript drivers need the 'typescript' npm package, which is not installed. " +
            $"Run: npm ci --prefix \"{hostCopy}\" (or scripts/install-test-deps.sh and rebuild).", bare.Engine.DriverErrors["ts"]);
        Assert.False(bare.Engine.DriverErrors.ContainsKey("js"));
    }
}
