using PluginRuntime.Sdk.Testing;

namespace DriverNamespace.Tests;

public sealed class DriverClassNameTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Setting_the_level_returns_it_and_reports_it_in_status()
    {
        await using var harness = await DriverHarness<DriverClassName>.StartAsync().WaitAsync(Patience);

        var result = await harness.Exec("set_level", 42).WaitAsync(Patience);

        Assert.Equal(42, result.GetInt32());
        Assert.Equal(42, harness.Status.Get<int>("level"));
    }
}
