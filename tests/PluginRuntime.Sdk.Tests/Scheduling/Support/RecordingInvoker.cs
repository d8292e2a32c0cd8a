using System.Threading.Channels;
using PluginRuntime.Sdk.Hosting;

namespace PluginRuntime.Sdk.Tests.Scheduling.Support;

/// <summary>
/// Stands in for the host's invoker: runs the callback, catches what it throws (as the host does) and records each
/// finished call, so a test can wait for runs that finish on another thread without sleeping.
/// </summary>
internal sealed class RecordingInvoker(TimeProvider time)
{
    private readonly Channel<Invocation> _finished = Channel.CreateUnbounded<Invocation>();

    public GuardedInvoker Invoke => InvokeAsync;

    /// <summary>Waits (bounded) for the next finished run that hasn't been taken yet.</summary>
    public Task<Invocation> NextAsync(string waitingFor) =>
        _finished.Reader.ReadAsync().AsTask().WithTimeout(waitingFor);

    /// <summary>Takes every run that has finished so far, without waiting.</summary>
    public List<Invocation> TakeFinished()
    {
        var taken = new List<Invocation>();
        while (_finished.Reader.TryRead(out var invocation))
        {
            taken.Add(invocation);
        }
        return taken;
    }

    /// <summary>The start times of every run that has finished so far (taking them).</summary>
    public List<DateTimeOffset> TakeStartTimes() => TakeFinished().Select(i => i.StartedAt).ToList();

    private async Task InvokeAsync(string member, Func<CancellationToken, Task> action)
    {
        var startedAt = time.GetUtcNow();
        Exception? error = null;
        try
        {
            await action(CancellationToken.None);
        }
        catch (Exception e)
        {
            error = e;
        }
        _finished.Writer.TryWrite(new Invocation(member, startedAt, error));
    }
}
