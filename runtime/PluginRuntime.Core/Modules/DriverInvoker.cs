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
    /// Calls driver code for a value; returns the value or the fault (already logged). An
    /// <see cref="Sdk.Metadata.ArgumentBindingException"/> is the caller's mistake, not the driver's: it passes through.
    /// </summary>
    public async Task<(T? Value, DriverFault? Fault)> CallAsync<T>(
        string moduleId, string member, Func<CancellationToken, ValueTask<T>> action, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task<T>? task = null;
        try
        {
            task = action(linked.Token).AsTask();
            var value = await task.WaitAsync(timeout, time, cancellationToken).ConfigureAwait(false);
            return (value, null);
        }
        catch (TimeoutException ex) when (task is { IsCompleted: false })
        {
            // Our wait ran out (a TimeoutException the driver threw itself is just a failure, handled below).
            // Tell the driver to give up; the host stops waiting either way.
            await linked.CancelAsync().ConfigureAwait(false);
            LogTimedOut(moduleId, member, timeout);
            return (default, new DriverFault(DriverFaultKind.TimedOut,
                $"{member} on module '{moduleId}' did not finish within {timeout.TotalSeconds:0.###} s.", ex));
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
        {
            return (default, new DriverFault(DriverFaultKind.Cancelled, $"{member} on module '{moduleId}' was cancelled.", ex));
        }
        catch (Exception ex) when (ex is Sdk.Metadata.ArgumentBindingException)
        {
            throw;
        }
        catch (Exception ex)
        {
            LogThrew(moduleId, member, ex.GetType().Name, ex.Message, ex);
            return (default, new DriverFault(DriverFaultKind.Threw, ex.Message, ex));
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Module {ModuleId}: {Member} threw {ExceptionType}: {Reason}")]
    private partial void LogThrew(string moduleId, string member, string exceptionType, string reason, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Module {ModuleId}: {Member} did not finish within {Timeout}")]
    private partial void LogTimedOut(string moduleId, string member, TimeSpan timeout);
}
