using System.Text;
using PluginRuntime.Core.Modules;
using PluginRuntime.Core.Scripting.Node;
using PluginRuntime.Core.Tests.Support;

namespace PluginRuntime.Core.Tests.Scripting.Node;

/// <summary>The test driver scripts (Scripts/ next to the tests) and waits on a module's status.</summary>
internal static class NodeScripts
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Scripting", "Node", "Scripts", name);

    /// <summary>Copies a test script into the fixture's config folder (where the config's relative paths point).</summary>
    public static string CopyInto(EngineFixture fixture, string name, string? fileName = null) => fixture.Folder.Copy(PathOf(name), fileName ?? name);

    /// <summary>Engine options for supervision tests: quick, capped backoff and a short heartbeat.</summary>
    public static RuntimeOptions Supervised(TimeSpan? heartbeatTimeout = null) => new()
    {
        UnloadPatience = TimeSpan.FromSeconds(10),
        WatchDebounce = TimeSpan.FromMilliseconds(100),
        NodeScripts = new NodeScriptOptions
        {
            Backoff = new RestartBackoff { Initial = TimeSpan.FromMilliseconds(20), Max = TimeSpan.FromMilliseconds(80) },
            HeartbeatInterval = TimeSpan.FromMilliseconds(100),
            HeartbeatTimeout = heartbeatTimeout ?? TimeSpan.FromSeconds(5),
        },
    };

    /// <summary>Completes when the module's status key holds exactly <paramref name="json"/> (now or later).</summary>
    public static async Task WhenStatus(this EngineFixture fixture, string moduleId, string key, string json)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = fixture.Engine.State.Subscribe(moduleId, key, change =>
        {
            if (change.Value is { } value && Encoding.UTF8.GetString(value) == json)
            {
                reached.TrySetResult();
            }
        });
        await reached.Task.WithTimeout($"{moduleId}.{key} to become {json}");
    }

    /// <summary>Every value the key takes from now on, as JSON ("null" when deleted), for asserting a sequence.</summary>
    public static (List<string> Values, IDisposable Subscription) Record(this EngineFixture fixture, string moduleId, string key)
    {
        var values = new List<string>();
        var subscription = fixture.Engine.State.Subscribe(moduleId, key, change =>
        {
            lock (values)
            {
                values.Add(change.Value is { } value ? Encoding.UTF8.GetString(value) : "null");
            }
        });
        return (values, subscription);
    }
}
