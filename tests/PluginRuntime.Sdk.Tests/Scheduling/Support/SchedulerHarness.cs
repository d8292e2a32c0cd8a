using PluginRuntime.Sdk.Scheduling;
using PluginRuntime.Sdk.Testing;

namespace PluginRuntime.Sdk.Tests.Scheduling.Support;

/// <summary>A scheduler on a fake clock, with a recording invoker and a stopping token the test controls.</summary>
internal sealed class SchedulerHarness : IDisposable
{
    private readonly CancellationTokenSource _stopping = new();

    public SchedulerHarness()
    {
        Invoker = new RecordingInvoker(Time);
        Scheduler = new Scheduler(Time, Invoker.Invoke, _stopping.Token);
    }

    public FakeTimeProvider Time { get; } = new();

    public RecordingInvoker Invoker { get; }

    public Scheduler Scheduler { get; }

    public DateTimeOffset Start => Time.Start;

    public DateTimeOffset After(double seconds) => Start.AddSeconds(seconds);

    public void Advance(double seconds) => Time.Advance(TimeSpan.FromSeconds(seconds));

    public void StopModule() => _stopping.Cancel();

    public void Dispose() => _stopping.Dispose();
}
