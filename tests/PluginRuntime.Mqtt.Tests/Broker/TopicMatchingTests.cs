namespace PluginRuntime.Mqtt.Tests.Broker;

public sealed class TopicMatchingTests
{
    [Theory]
    [InlineData("sport/tennis/player1/#", "sport/tennis/player1", true)]
    [InlineData("sport/tennis/player1/#", "sport/tennis/player1/ranking", true)]
    [InlineData("sport/tennis/player1/#", "sport/tennis/player1/score/wimbledon", true)]
    [InlineData("sport/#", "sport", true)]
    [InlineData("#", "sport/tennis", true)]
    [InlineData("sport/tennis/+", "sport/tennis/player1", true)]
    [InlineData("sport/tennis/+", "sport/tennis/player1/ranking", false)]
    [InlineData("sport/+", "sport", false)]
    [InlineData("sport/+", "sport/", true)]
    [InlineData("+/+", "/finance", true)]
    [InlineData("/+", "/finance", true)]
    [InlineData("+", "/finance", false)]
    [InlineData("+/tennis/#", "sport/tennis/x", true)]
    [InlineData("a/b", "a/b", true)]
    [InlineData("a/b", "a/bc", false)]
    [InlineData("a/b", "a/b/c", false)]
    [InlineData("a/b/c", "a/b", false)]
    [InlineData("#", "$SYS/broker", false)]
    [InlineData("+/monitor/Clients", "$SYS/monitor/Clients", false)]
    [InlineData("$SYS/#", "$SYS/monitor/Clients", true)]
    [InlineData("$SYS/monitor/+", "$SYS/monitor/Clients", true)]
    [InlineData("placeos/+/state/+/+/+/+/+/+/+/connected", "placeos/org/state/bld/lvl/_/sys/drv/mod/1/connected", true)]
    [InlineData("placeos/+/state/+/+/+/+/Display/+/power", "placeos/org/state/bld/lvl/area/sys/Display/1/power", true)]
    [InlineData("placeos/+/state/+/+/+/+/Display/+/power", "placeos/org/state/bld/lvl/area/sys/Camera/1/power", false)]
    public void Filters_match_topics_as_the_specification_examples_say(string filter, string topic, bool expected)
    {
        Assert.Equal(expected, MqttTopic.Matches(filter, topic));
    }

    [Theory]
    [InlineData("#", true)]
    [InlineData("a/#", true)]
    [InlineData("+", true)]
    [InlineData("+/a/+", true)]
    [InlineData("a//b", true)]
    [InlineData("", false)]
    [InlineData("a#", false)]
    [InlineData("a/#/b", false)]
    [InlineData("a+/b", false)]
    [InlineData("a/b+", false)]
    public void Filter_syntax_is_validated(string filter, bool valid)
    {
        Assert.Equal(valid, MqttTopic.IsValidFilter(filter));
    }

    [Theory]
    [InlineData("a/b", true)]
    [InlineData("/", true)]
    [InlineData("", false)]
    [InlineData("a/+", false)]
    [InlineData("a/#", false)]
    public void Topic_names_must_be_non_empty_and_free_of_wildcards(string topic, bool valid)
    {
        Assert.Equal(valid, MqttTopic.IsValidTopicName(topic));
    }

    [Fact]
    public void A_shared_filter_splits_into_group_and_inner_filter()
    {
        Assert.True(MqttTopic.TryParseShared("$share/workers/jobs/#", out var group, out var inner));
        Assert.Equal(("workers", "jobs/#"), (group, inner));
        Assert.False(MqttTopic.TryParseShared("jobs/#", out _, out _));
    }
}
