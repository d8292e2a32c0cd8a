using System.ComponentModel;
using PluginRuntime.Sdk;

namespace PluginRuntime.Sdk.Tests.Support;

public enum Speed
{
    Slow,
    VeryFast,
}

public sealed record Point(int X, int Y);

/// <summary>A driver whose methods exercise argument binding and result shapes.</summary>
[Driver("Calculator", DefaultModuleName = "Calc", Description = "Test driver")]
[DefaultSettings("""{"precision": 2, "label": "calc"}""")]
public sealed class CalculatorDriver : Driver
{
    public int Add(int a, int b) => a + b;

    [Description("Greets someone")]
    public string Greet(string name, string greeting = "Hello") => $"{greeting}, {name}!";

    public string? Maybe(string? text) => text;

    public async Task<int> DoubleLaterAsync(int value)
    {
        await Task.Yield();
        return value * 2;
    }

    public ValueTask<string> Echo(string text) => ValueTask.FromResult(text);

    public async Task Nothing() => await Task.Yield();

    public void SetSpeed(Speed speed) => SetStatus("speed", speed);

    public Point Move(Point origin, int dx = 1) => origin with { X = origin.X + dx };

    public double Sum(double[] values) => values.Sum();

    public bool WithToken(bool flag, CancellationToken cancellationToken) => flag && cancellationToken.CanBeCanceled;

    public void Fail() => throw new InvalidOperationException("calculator failure");

    [Security(SecurityLevel.Support)]
    public string Diagnostics() => "ok";

    [Hidden]
    public string Secret() => "hidden";

    public bool TryParse(string text, out int value) => int.TryParse(text, out value);

    public bool Write(string key, object? value) => SetStatus(key, value);

    public int Precision() => Setting<int>("precision");

    public string Needs(string key) => Setting<string>(key);

    public string Optional(string key) => SettingOrDefault(key, "fallback");
}
