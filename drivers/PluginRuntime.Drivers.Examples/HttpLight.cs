using System.Net.Http.Json;
using PluginRuntime.Sdk;

namespace PluginRuntime.Drivers.Examples;

/// <summary>
/// An example HTTP driver for a dimmable light with a JSON API: <c>GET state</c> returns
/// <c>{"on": true, "level": 40}</c>, <c>PUT state</c> with the same shape changes it. Polls on a schedule.
/// </summary>
[Driver("HTTP Light", DefaultModuleName = "Light", Description = "A dimmable light with a small JSON HTTP API (example).")]
[DefaultSettings("""{"poll_seconds": 30}""")]
public sealed class HttpLight : Driver
{
    /// <summary>Turns the light on or off.</summary>
    public Task Power(bool on) => PutAsync(new LightState(on, null));

    /// <summary>Sets the brightness, 0 to 100 (0 also turns it off).</summary>
    public Task Level(int level)
    {
        if (level is < 0 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, "Level must be between 0 and 100.");
        }
        return PutAsync(new LightState(level > 0, level));
    }

    /// <summary>Reads the light's state now.</summary>
    public async Task<LightState> Poll()
    {
        var state = await Http.GetFromJsonAsync<LightState>("state", JsonOptions, Stopping).ConfigureAwait(false)
            ?? throw new InvalidOperationException("The light answered with an empty body.");
        Apply(state);
        return state;
    }

    protected override Task OnLoadAsync(CancellationToken cancellationToken)
    {
        Schedule.Every(TimeSpan.FromSeconds(Setting<int>("poll_seconds")), Poll, runNow: true);
        return Task.CompletedTask;
    }

    private async Task PutAsync(LightState change)
    {
        using var response = await Http.PutAsJsonAsync("state", change, JsonOptions, Stopping).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var state = await response.Content.ReadFromJsonAsync<LightState>(JsonOptions, Stopping).ConfigureAwait(false);
        if (state is not null)
        {
            Apply(state);
        }
    }

    private void Apply(LightState state)
    {
        SetStatus("power", state.On);
        if (state.Level is { } level)
        {
            SetStatus("level", level);
        }
    }
}

/// <summary>The light's state as its API writes it.</summary>
public sealed record LightState(bool On, int? Level);
