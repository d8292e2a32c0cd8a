using PluginRuntime.Sdk;

namespace TestDrivers.Behaviours;

/// <summary>Throws from a method and from a timer.</summary>
public sealed class FaultyDriver : Driver
{
    public string Explode() => throw new InvalidOperationException("method exploded on purpose");

    public async Task<string> ExplodeLaterAsync()
    {
        await Task.Yield();
        throw new TimeoutException("async method exploded on purpose");
    }

    public Task Hang() => new TaskCompletionSource().Task;

    /// <summary>Blocks its thread (the wrong way to wait), then answers.</summary>
    public string BlockBriefly()
    {
        Thread.Sleep(TimeSpan.FromMilliseconds(500));
        return "woke";
    }

    public string Ping() => "pong";

    public int TimerRuns() => GetStatus<int>("timer_runs");

    protected override Task OnLoadAsync(CancellationToken cancellationToken)
    {
        Schedule.Every(TimeSpan.FromMilliseconds(20), () =>
        {
            SetStatus("timer_runs", GetStatus<int>("timer_runs") + 1);
            throw new InvalidOperationException("timer exploded on purpose");
        });
        return Task.CompletedTask;
    }
}
