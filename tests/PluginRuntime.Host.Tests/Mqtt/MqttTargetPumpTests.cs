using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using PluginRuntime.Core.Config;
using PluginRuntime.Core.Plugins;
using PluginRuntime.Core.Privacy;
using PluginRuntime.Core.State;
using PluginRuntime.Core.Systems;
using PluginRuntime.Host.Mqtt;
using PluginRuntime.Mqtt;

namespace PluginRuntime.Host.Tests.Mqtt;

/// <summary>The per-target publisher loop on its own, with a target the test holds still: a slow target costs bounded memory.</summary>
public sealed class MqttTargetPumpTests
{
    private const string Prefix = "placeos/org/state/_/_/_/sys/drv/M/1/";

    [Fact]
    public async Task A_target_that_falls_behind_gets_the_latest_value_of_every_key_in_order_without_the_backlog_growing_unbounded()
    {
        var target = new GatedTarget();
        var map = OneModuleMap();
        var state = new StateStore(NullLogger<StateStore>.Instance);
        await using var pump = new MqttTargetPump(target, PrivacyFilterChain.None, () => map, state, TimeProvider.System, NullLogger.Instance);
        pump.Start();
        pump.RequestResync(full: true);
        await target.FirstPublish.Task.WithTimeout("the loop to start publishing (and be held at its first message)");

        const int Keys = 10;
        const int Rounds = 2000;
        for (var round = 0; round < Rounds; round++)
        {
            for (var key = 0; key < Keys; key++)
            {
                pump.Enqueue(new StatusChange("mod", $"k{key}", Encoding.UTF8.GetBytes(round.ToString(System.Globalization.CultureInfo.InvariantCulture))), round);
            }
        }
        target.Release();

        await target.AllLatest(Keys, Rounds - 1).WithTimeout("the last value of every key to be published");
        var states = target.Published.Where(m => m.Topic.StartsWith(Prefix, StringComparison.Ordinal)).ToArray();
        // At most the channel's capacity plus one value per key was ever waiting, however many changes came in.
        Assert.InRange(states.Length, Keys, MqttTargetPump.Capacity + Keys);
        foreach (var group in states.GroupBy(m => m.Topic))
        {
            var values = group.Select(m => (long)JsonNode.Parse(m.PayloadAsString())!["value"]!).ToArray();
            Assert.Equal(values.Order(), values); // never an older value after a newer one
            Assert.Equal(Rounds - 1, values[^1]);
        }
    }

    private static MqttTopicMap OneModuleMap()
    {
        var config = new RuntimeConfig(
            new OrgConfig("org", "Org", default),
            [],
            [new DriverConfig("drv", DriverSourceKind.Assembly, "/nowhere/drv.dll", null, false, [], default)],
            [new ModuleConfig("mod", "drv", "M", null, null, null, true, [], default)],
            [new SystemConfig("sys", "Sys", [], ["mod"], [], default)],
            [],
            null);
        var directory = new SystemDirectory([("sys", "Sys", (IReadOnlyList<string>)[], (IReadOnlyList<(string, string)>)[("mod", "M")])]);
        return MqttTopicMap.Build(config, directory, new Dictionary<string, LoadedDriver>());
    }

    /// <summary>Holds the loop at its first publish until released, then records everything.</summary>
    private sealed class GatedTarget : IMqttTarget
    {
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly List<MqttApplicationMessage> _published = [];
        private readonly Dictionary<string, long> _latestByTopic = new(StringComparer.Ordinal);
        private (int Keys, long Last, TaskCompletionSource Done)? _wanted;

        public TaskCompletionSource FirstPublish { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Name => "gated";

        public bool IsConnected => true;

        public event Action? Connected
        {
            add { }
            remove { }
        }

        public MqttApplicationMessage[] Published
        {
            get
            {
                lock (_published)
                {
                    return [.. _published];
                }
            }
        }

        public void Release() => _gate.TrySetResult();

        public Task AllLatest(int keys, long last)
        {
            lock (_published)
            {
                _wanted = (keys, last, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
                Check();
                return _wanted.Value.Done.Task;
            }
        }

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public async ValueTask PublishAsync(MqttApplicationMessage message, CancellationToken cancellationToken)
        {
            FirstPublish.TrySetResult();
            await _gate.Task.WaitAsync(cancellationToken);
            lock (_published)
            {
                _published.Add(message);
                if (message.Topic.StartsWith(Prefix, StringComparison.Ordinal))
                {
                    _latestByTopic[message.Topic] = (long)JsonNode.Parse(message.PayloadAsString())!["value"]!;
                }
                Check();
            }
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;

        private void Check()
        {
            if (_wanted is not { } wanted)
            {
                return;
            }
            // Kept per topic as messages arrive: rescanning every message on each publish made this test quadratic.
            if (_latestByTopic.Values.Count(v => v == wanted.Last) == wanted.Keys)
            {
                wanted.Done.TrySetResult();
            }
        }
    }
}
