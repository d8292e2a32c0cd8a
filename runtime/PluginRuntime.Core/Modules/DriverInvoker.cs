using Microsoft.Extensions.Logging;

namespace PluginRuntime.Core.Modules;

/// <summary>
/// The one boundary through which the host calls driver code (lifecycle hooks, methods, timers, callbacks).
/// It catches everything, logs it with the module id and the member, bounds the call by a timeout, and turns the
/// failure into a <see cref="DriverFault"/>: a throwing or hanging driver never reaches the host or its neighbours.
/// </summary>
internal sealed partial class DriverInvoker(ILogger<DriverInvoker> logger, TimeProvider time)
{
    /// <summary>Runs driver code; returns null on success or the fault (already logged).</summary>
    public async Task<DriverFault?> RunAsync(
        string moduleId, string member, Func<CancellationToken, Task> action, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var (_, fault) = await CallAsync(moduleId, member, async ct =>
        {
            await action(ct).ConfigureAwait(false);
            return true;
        }, timeout, cancellationToken).ConfigureAwait(false);
        return fault;
    }

    /// <summary>
    /// Calls driver code for a value; returns the value or the fault (already logged).
    /// </summary>
    /// <param name="inline">
    /// Run the driver code on the caller's thread. Only for exec, whose callers can afford it: a method that blocks
    /// its thread then blocks only its own caller (the timeout starts when it first yields). Everything the host runs
    /// on shared loops — lifecycle hooks under the config lock, receive and timer callbacks — goes to the pool, so a
    /// blocking driver is still bounded by the timeout there.
    /// </param>
    public async Task<(T? Value, DriverFault? Fault)> CallAsync<T>(
        string moduleId, string member, Func<CancellationToken, ValueTask<T>> action, TimeSpan timeout, CancellationToken cancellationToken,
        bool inline = false)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            // The module is stopping: start no more of its code.
            return (default, new DriverFault(DriverFaultKind.Cancelled, $"{member} on module '{moduleId}' was cancelled: the module stopped.", null));
        }
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task<T>? task = null;
        try
        {
            // Off the caller's thread unless asked otherwise, so driver code that blocks (Thread.Sleep, .Result) is
            // still bounded by the timeout and never holds up the engine's config lock or a transport's receive loop.
            task = inline ? action(linked.Token).AsTask() : Task.Run(() => action(linked.Token).AsTask(), CancellationToken.None);
            var value = await task.WaitAsync(timeout, time, cancellationToken).ConfigureAwait(false);
            return (value, null);
        }
        catch (TimeoutException ex) when (task is { IsCompleted: false })
        {
            // Our wait ran out (a TimeoutException the driver threw itself is just a failure, handled below).
            // Tell the driver to give up; the host stops waiting either way.
            CancelQuietly(moduleId, member, linked);
            ObserveLateFault(moduleId, member, task);
            LogTimedOut(moduleId, member, timeout);
            return (default, new DriverFault(DriverFaultKind.TimedOut,
                $"{member} on module '{moduleId}' did not finish within {timeout.TotalSeconds:0.###} s.", ex));
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
        {
            if (task is not null)
            {
                ObserveLateFault(moduleId, member, task);
            }
            return (default, new DriverFault(DriverFaultKind.Cancelled, $"{member} on module '{moduleId}' was cancelled.", ex));
        }
        catch (Exception ex)
        {
            LogThrew(moduleId, member, ex.GetType().Name, ex.Message, ex);
            return (default, new DriverFault(DriverFaultKind.Threw, ex.Message, ex));
        }
    }

    /// <summary>
    /// Cancels a token whose callbacks may include the driver's own (<c>Stopping.Register</c>): one that throws must
    /// not abort what the host is doing (a stop, a config apply, a reload).
    /// </summary>
    public void CancelQuietly(string moduleId, string member, CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
        }
        catch (Exception ex)
        {
            LogCancellationCallbackThrew(moduleId, member, ex);
        }
    }

    /// <summary>A call the host stopped waiting for may still fail later: log it rather than leave it unobserved.</summary>
    private void ObserveLateFault<T>(string moduleId, string member, Task<T> task) =>
        task.ContinueWith(
            t => LogThrewLate(moduleId, member, t.Exception!.GetBaseException().Message, t.Exception),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    [LoggerMessage(Level = LogLevel.Error, Message = "Module {ModuleId}: {Member} threw {ExceptionType}: {Reason}")]
    private partial void LogThrew(string moduleId, string member, string exceptionType, string reason, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Module {ModuleId}: {Member} did not finish within {Timeout}")]
    private partial void LogTimedOut(string moduleId, string member, TimeSpan timeout);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Module {ModuleId}: {Member} failed after the host stopped waiting for it: {Reason}")]
    private partial void LogThrewLate(string moduleId, string member, string reason, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Module {ModuleId}: a cancellation callback threw while cancelling {Member}")]
    private partial void LogCancellationCallbackThrew(string moduleId, string member, Exception exception);
}
