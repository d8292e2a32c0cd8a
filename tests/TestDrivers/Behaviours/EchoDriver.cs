using Microsoft.Extensions.Logging;
using PluginRuntime.Sdk;
using PluginRuntime.Sdk.Capabilities;

namespace TestDrivers.Behaviours;

/// <summary>A well-behaved driver: echoes, counts, exposes its settings, and answers sibling calls.</summary>
[Driver("Echo", DefaultModuleName = "Echo")]
[DefaultSettings("""{"greeting": "hello", "nested": {"a": 1, "b": 2}}""")]
public sealed class EchoDriver : Driver, ISensor
{
    public int SettingsChanges { get; private set; }

    public string Echo(string text) => text;

    public int Add(int a, int b = 10) => a + b;

    public string Greeting() => Setting<string>("greeting");

    public string Required(string key) => Setting<string>(key);

    public int SettingsChangeCount() => SettingsChanges;

    public void SetValue(string key, int value) => SetStatus(key, value);

    [Security(SecurityLevel.Admin)]
    public string AdminOnly() => "secret";

    /// <summary>Logs a line at a level (debug, information, warning, error), so tests can watch a module's log.</summary>
    public void Say(string level, string text) => Logger.Log(Enum.Parse<LogLevel>(level, ignoreCase: true), "{Text}", text);

    public IReadOnlyList<SensorReading> ListSensors() => [new("echo", "count", GetStatus<int>("count"), null, Time.GetUtcNow())];

    protected override Task OnLoadAsync(CancellationToken cancellationToken)
    {
        SetStatus("greeting", SettingOrDefault("greeting", "none"));
        return Task.CompletedTask;
    }

    protected override Task OnSettingsChangedAsync(CancellationToken cancellationToken)
    {
        SettingsChanges++;
        SetStatus("greeting", SettingOrDefault("greeting", "none"));
        return Task.CompletedTask;
    }
}
