using PluginRuntime.Core.Config;
using PluginRuntime.Host.Auth;
using PluginRuntime.Host.Tests.Support;

namespace PluginRuntime.Host.Tests.Auth;

/// <summary>The published demo key is loud while it is in use; the demo listens on loopback only.</summary>
public sealed class DemoKeyWarningTests
{
    [Fact]
    public void The_warning_knows_the_key_the_demo_config_publishes()
    {
        var demo = ConfigLoader.Load(RestTestPaths.DemoConfig);

        Assert.True(demo.Succeeded, string.Join("\n", demo.Errors));
        Assert.Equal(DemoKeyWarning.DemoKey, demo.Config.ApiKeysByName["demo"].Key);
    }

    [Fact]
    public async Task Starting_with_the_demo_key_logs_a_warning_naming_the_key()
    {
        var config = RestTestHost.DefaultConfig.Replace(
            "  - { name: admin, key: admin-key-0123456789, role: admin }",
            "  - { name: admin, key: admin-key-0123456789, role: admin }\n  - { name: lobby, key: " + DemoKeyWarning.DemoKey + ", role: user }");
        await using var host = await RestTestHost.StartAsync(config);

        var warning = Assert.Single(host.Log.Warnings, w => w.Contains("demo key", StringComparison.Ordinal));
        Assert.StartsWith("API key 'lobby' (", warning);
        Assert.EndsWith("is the published demo key: anyone can use it. Replace it with a random key (e.g. `openssl rand -hex 32`) " +
            "before the runtime is reachable from other machines", warning);
        Assert.DoesNotContain(DemoKeyWarning.DemoKey, warning);
    }

    [Fact]
    public async Task Without_the_demo_key_there_is_no_warning()
    {
        await using var host = await RestTestHost.StartAsync();

        Assert.DoesNotContain(host.Log.Warnings, w => w.Contains("demo key", StringComparison.Ordinal));
    }

    [Fact]
    public void The_runtime_listens_on_loopback_unless_told_otherwise()
    {
        Assert.Equal("http://127.0.0.1:5080", HostCommandLine.DefaultUrl);
    }
}
