using PluginRuntime.Mqtt.Broker;
using PluginRuntime.Mqtt.Packets;

namespace PluginRuntime.Mqtt.Tests.Broker;

public sealed class SubscriptionTreeTests
{
    private static readonly string[] FilterLevels = ["a", "b", "$x", "", "+", "+", "#"];
    private static readonly string[] TopicLevels = ["a", "b", "$x", ""];

    [Fact]
    public void The_tree_finds_exactly_the_subscriptions_that_brute_force_matching_finds()
    {
        var random = new Random(42);
        var session = new BrokerSession("s", 10, TimeProvider.System);
        var tree = new SubscriptionTree();
        var all = new List<Subscription>();
        while (all.Count < 300)
        {
            var filter = RandomPath(random, FilterLevels);
            if (!MqttTopic.IsValidFilter(filter))
                continue;
            var sub = new Subscription(session, filter, null, MqttQualityOfService.AtMostOnce, false, false, MqttRetainHandling.SendAtSubscribe, (uint)all.Count + 1);
            all.Add(sub);
            tree.Add(sub);
        }

        for (var i = 0; i < 2000; i++)
        {
            var topic = RandomPath(random, TopicLevels);
            var expected = all.Where(s => MqttTopic.Matches(s.Filter, topic)).Select(s => s.SubscriptionIdentifier).Order().ToList();
            var actual = new List<uint?>();
            tree.Match(topic, s => actual.Add(s.SubscriptionIdentifier));
            Assert.True(expected.SequenceEqual(actual.Order()), $"topic '{topic}': expected [{string.Join(",", expected)}] got [{string.Join(",", actual.Order())}]");
        }
    }

    [Fact]
    public void Removing_every_subscription_leaves_an_empty_tree_that_matches_nothing()
    {
        var session = new BrokerSession("s", 10, TimeProvider.System);
        var tree = new SubscriptionTree();
        var subs = new[] { "a/b", "a/+", "a/#", "#", "+/b" }
            .Select((f, i) => new Subscription(session, f, null, MqttQualityOfService.AtMostOnce, false, false, MqttRetainHandling.SendAtSubscribe, (uint)i))
            .ToList();
        subs.ForEach(tree.Add);

        Assert.All(subs, s => Assert.True(tree.Remove(s)));
        Assert.False(tree.Remove(subs[0]));

        Assert.Equal(0, tree.Count);
        var matched = 0;
        tree.Match("a/b", _ => matched++);
        Assert.Equal(0, matched);
    }

    private static string RandomPath(Random random, string[] levels)
    {
        var count = random.Next(1, 5);
        return string.Join('/', Enumerable.Range(0, count).Select(_ => levels[random.Next(levels.Length)]));
    }
}
