using PluginRuntime.Core.Transports;

namespace PluginRuntime.Core.Tests.Transports;

public sealed class ReconnectPolicyTests
{
    private static readonly ReconnectPolicy Exact = new()
    {
        InitialDelay = TimeSpan.FromMilliseconds(100),
        MaxDelay = TimeSpan.FromSeconds(1),
        Multiplier = 2,
        Jitter = 0,
    };

    [Fact]
    public void Without_jitter_the_delay_doubles_per_failure_up_to_the_maximum()
    {
        var delays = Enumerable.Range(0, 6).Select(n => Exact.GetDelay(n, random: 0.7).TotalMilliseconds);

        Assert.Equal([100, 200, 400, 800, 1000, 1000], delays);
    }

    [Fact]
    public void A_very_long_outage_stays_at_the_maximum_instead_of_overflowing()
    {
        Assert.Equal(TimeSpan.FromSeconds(1), Exact.GetDelay(10_000, random: 0));
    }

    [Fact]
    public void Jitter_only_ever_shortens_the_delay_by_at_most_its_fraction()
    {
        var policy = Exact with { Jitter = 0.2 };

        Assert.Equal(TimeSpan.FromMilliseconds(400), policy.GetDelay(2, random: 0));
        Assert.Equal(TimeSpan.FromMilliseconds(360), policy.GetDelay(2, random: 0.5));
        Assert.Equal(TimeSpan.FromMilliseconds(800), (policy with { Jitter = 0 }).GetDelay(3, random: 0.99));
    }

    [Fact]
    public void Settings_that_cannot_work_are_refused_with_the_setting_named()
    {
        Assert.Contains("MaxDelay", Assert.Throws<ArgumentException>(() => (Exact with { MaxDelay = TimeSpan.FromMilliseconds(1) }).Validate()).Message);
        Assert.Contains("Multiplier", Assert.Throws<ArgumentException>(() => (Exact with { Multiplier = 0.5 }).Validate()).Message);
        Assert.Contains("Jitter", Assert.Throws<ArgumentException>(() => (Exact with { Jitter = 2 }).Validate()).Message);
    }
}
