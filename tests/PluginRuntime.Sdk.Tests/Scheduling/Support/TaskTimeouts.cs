namespace PluginRuntime.Sdk.Tests.Scheduling.Support;

/// <summary>Bounds every await in these tests, and says what it was waiting for when the bound is hit.</summary>
internal static class TaskTimeouts
{
    // Generous: nothing here waits on real time passing, only on work handed to the thread pool.
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(5);

    public static async Task WithTimeout(this Task task, string waitingFor)
    {
        try
        {
            await task.WaitAsync(Limit);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Gave up after {Limit.TotalSeconds}s waiting for {waitingFor}.");
        }
    }

    public static async Task<T> WithTimeout<T>(this Task<T> task, string waitingFor)
    {
        try
        {
            return await task.WaitAsync(Limit);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Gave up after {Limit.TotalSeconds}s waiting for {waitingFor}.");
        }
    }
}
