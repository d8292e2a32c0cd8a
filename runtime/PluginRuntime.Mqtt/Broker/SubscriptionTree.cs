namespace PluginRuntime.Mqtt.Broker;

/// <summary>
/// Subscriptions indexed by filter level, so routing a message visits only the branches its topic can match
/// (exact level, '+', '#') instead of every subscription. Not thread-safe: the broker lock guards it.
/// </summary>
internal sealed class SubscriptionTree
{
    private readonly Node _root = new(null, "");

    public int Count { get; private set; }

    public void Add(Subscription subscription)
    {
        var node = _root;
        foreach (var level in subscription.Filter.Split('/'))
        {
            if (!node.Children.TryGetValue(level, out var child))
                node.Children[level] = child = new Node(node, level);
            node = child;
        }
        node.Subscriptions.Add(subscription);
        Count++;
    }

    public bool Remove(Subscription subscription)
    {
        var node = _root;
        foreach (var level in subscription.Filter.Split('/'))
        {
            if (!node.Children.TryGetValue(level, out node))
                return false;
        }
        if (!node.Subscriptions.Remove(subscription))
            return false;
        Count--;
        // Prune empty branches so churn (clients coming and going with unique filters) does not leak nodes.
        while (node.Parent is { } parent && node.Subscriptions.Count == 0 && node.Children.Count == 0)
        {
            parent.Children.Remove(node.Level);
            node = parent;
        }
        return true;
    }

    /// <summary>Calls <paramref name="onMatch"/> for every subscription whose filter matches <paramref name="topic"/>.</summary>
    public void Match(string topic, Action<Subscription> onMatch)
    {
        var levels = topic.Split('/');
        // 4.7.2: a wildcard in the first level never matches a topic starting with '$'.
        var dollar = topic.Length > 0 && topic[0] == '$';
        Match(_root, levels, 0, dollar, onMatch);
    }

    private static void Match(Node node, string[] levels, int index, bool dollar, Action<Subscription> onMatch)
    {
        var wildcardsAllowed = !(dollar && index == 0);
        // '#' matches the parent level too ("a/#" matches "a"), so it is checked before the end test.
        if (wildcardsAllowed && node.Children.TryGetValue("#", out var hash))
        {
            foreach (var s in hash.Subscriptions)
                onMatch(s);
        }
        if (index == levels.Length)
        {
            foreach (var s in node.Subscriptions)
                onMatch(s);
            return;
        }
        if (node.Children.TryGetValue(levels[index], out var exact))
            Match(exact, levels, index + 1, dollar, onMatch);
        if (wildcardsAllowed && node.Children.TryGetValue("+", out var plus))
            Match(plus, levels, index + 1, dollar, onMatch);
    }

    private sealed class Node(Node? parent, string level)
    {
        public Node? Parent { get; } = parent;
        public string Level { get; } = level;
        public Dictionary<string, Node> Children { get; } = new(StringComparer.Ordinal);
        public List<Subscription> Subscriptions { get; } = [];
    }
}
